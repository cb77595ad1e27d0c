//! A WAGI handler: Spin runs this WASI command once per request, with the
//! request in CGI variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, ...)
//! and its body on stdin. Whatever it prints is the response: header lines,
//! a blank line, then the body.
const std = @import("std");

pub fn main(init: std.process.Init) !void {
    const method = init.environ_map.get("REQUEST_METHOD") orelse "GET";
    const path = init.environ_map.get("PATH_INFO") orelse "/";

    var buffer: [4096]u8 = undefined;
    var stdout = std.Io.File.stdout().writerStreaming(init.io, &buffer);
    const out = &stdout.interface;
    try out.writeAll("Content-Type: text/plain\n");
    try out.writeAll("\n");
    try out.writeAll("Hello from {{project-name}}!\n");
    try out.print("{s} {s}\n", .{ method, if (path.len == 0) "/" else path });
    try out.flush();
}
