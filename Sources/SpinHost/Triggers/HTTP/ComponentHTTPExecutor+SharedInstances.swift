import ComponentModel
import Foundation
import WasmInterpreter

/// WASIp3 requests on shared, reused instances (Spin 4's model, see
/// `InstancePool`): a request joins an instance in use that takes it, or
/// its thread drives an instance of its own (an idle one, or a new one)
/// and serves every request that joins it meanwhile.
extension ComponentHTTPExecutor {
    static func serveShared(_ call: HTTP3Call, _ component: SpinHTTPComponent, export: String, watchdog: DeadlineWatchdog,
                            deadline: Double, logs: ComponentLogs?, reuse: InstanceReuseLimits) {
        let joined = component.pool.admit(call, reuse) { entry in
            call.ticket = watchdog.watch(entry.interruption, seconds: deadline)
        }
        if let joined {
            // Its driver waits for the outside: wake it to start the call.
            joined.wakeup.signal()
            return
        }
        let entry: InstancePool.Entry
        if let idle = component.pool.take(reuse) {
            entry = idle
        } else {
            let store = Store(engine: component.engine)
            store[WASIStreams.key] = WASIStreams(stdout: .capture(limit: outputLimit), stderr: .capture(limit: outputLimit))
            do {
                try component.instanceSetups.attach(to: store)
                entry = InstancePool.Entry(store: store, instance: try component.linked.instantiate(in: store))
            } catch let error as InstantiationError {
                if case .trap(let trap) = error { return call.settle(outcome(of: trap, component)) }
                return call.settle(.failed("component \"\(component.id)\": \(error)"))
            } catch {
                return call.settle(.failed("cannot prepare an instance of component \"\(component.id)\": \(error)"))
            }
            component.pool.drive(entry)
        }
        call.ticket = watchdog.watch(entry.interruption, seconds: deadline)
        drive(entry, first: call, component, export: export, watchdog: watchdog, deadline: deadline, logs: logs, reuse: reuse)
    }

    /// Runs `entry`'s event loop until its calls, `first` and those that
    /// join, are settled and its tasks have exited. The instance goes back
    /// to the pool only when all of them were answered and nothing is left
    /// behind (no task, timer or body transfer; not interrupted), so a trap
    /// or a timeout drops it, and with it the calls it was serving.
    private static func drive(_ entry: InstancePool.Entry, first: HTTP3Call, _ component: SpinHTTPComponent,
                              export: String, watchdog: DeadlineWatchdog, deadline: Double, logs: ComponentLogs?,
                              reuse: InstanceReuseLimits) {
        let store = entry.store
        let pool = component.pool
        let loop = ComponentEventLoop(store)
        let pumps = HostPumps.of(store)
        var running: [HTTP3Call] = []
        var allAnswered = true

        func begin(_ call: HTTP3Call) throws(Trap) {
            running.append(call)
            try call.start(in: entry.instance, export: export, component)
        }
        /// Settled calls leave: their deadline, their output to the logs, their place in the instance.
        func collectSettled() {
            for call in running where call.isSettled {
                if let ticket = call.ticket { watchdog.release(ticket) }
                if call.outcome != .answered { allAnswered = false }
                if let context = store[WASIContext.key] {
                    let output = context.takeCapturedOutput()
                    logs?.stdout?.append(output.stdout)
                    logs?.stderr?.append(output.stderr)
                }
                pool.settled(entry)
            }
            running.removeAll { $0.isSettled }
        }

        loop.setIdleHandler { () throws(Trap) -> Bool in
            let joined = pool.takeInbox(entry)
            for call in joined { try begin(call) }
            if !joined.isEmpty { return true }
            return try pumps.idle { waiting in pool.setAccepting(entry, waiting) }
        }
        do {
            try begin(first)
            try loop.run {
                for call in running { call.settleIfDone() }
                collectSettled()
                return running.isEmpty && !loop.hasParkedTasks && pool.finishDriving(entry)
            }
        } catch {
            for call in running { call.settle(after: error, component) }
            collectSettled()
            // Calls that joined but never started are served elsewhere.
            for call in pool.close(entry) {
                if let ticket = call.ticket { watchdog.release(ticket) }
                serveShared(call, component, export: export, watchdog: watchdog, deadline: deadline, logs: logs, reuse: reuse)
            }
            return
        }
        if allAnswered, !store.interruptHandle.isSet, HostTimers.of(store).nextDeadline == nil, !pumps.hasPending {
            pool.give(back: entry, reuse)
        }
    }
}
