import Logging
import ServiceLifecycle
import SwitchboardCore
import Testing

/// Counts a polling loop's rounds, and waits for them.
actor Rounds {
    private(set) var started = 0
    private(set) var finished = 0

    func start() { started += 1 }
    func finish() { finished += 1 }

    /// Waits until `count` rounds have started; false after `timeout`.
    func waitForStarted(_ count: Int, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while started < count, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return started >= count
    }
}

/// The background services' loop: rounds at the interval or on a wake-up, and a wait that shutdown ends.
@Suite("Polling loop")
struct PollingLoopTests {
    @Test("a nudge starts a round at once, long before the interval; nudges while a round runs make one more round")
    func nudgesWakeTheLoop() async throws {
        let wakeUps = DeliveryWakeUps()
        let rounds = Rounds()
        let loop = Task {
            await PollingLoop.run(every: .seconds(60), wakeUps: wakeUps.stream()) {
                await rounds.start()
                try? await Task.sleep(for: .milliseconds(100))
                return false
            }
        }
        #expect(await rounds.waitForStarted(1), "the first round runs at start")
        wakeUps.nudge()
        #expect(await rounds.waitForStarted(2), "the nudge woke the loop")
        wakeUps.nudge()
        wakeUps.nudge()
        wakeUps.nudge()
        #expect(await rounds.waitForStarted(3))
        try await Task.sleep(for: .milliseconds(400))
        #expect(await rounds.started == 3, "nudges before the loop looks again count as one")
        loop.cancel()
        await loop.value
    }

    @Test("a round that leaves work behind is followed by the next at once")
    func fullRoundsRunBackToBack() async throws {
        let rounds = Rounds()
        let loop = Task {
            await PollingLoop.run(every: .seconds(60)) {
                await rounds.start()
                return await rounds.started < 5
            }
        }
        #expect(await rounds.waitForStarted(5), "four full rounds, each followed at once by the next")
        try await Task.sleep(for: .milliseconds(200))
        #expect(await rounds.started == 5, "the fifth left nothing behind: the loop waits")
        loop.cancel()
        await loop.value
    }

    struct LoopService: Service {
        let rounds: Rounds

        func run() async throws {
            await PollingLoop.run(every: .seconds(60)) {
                await rounds.start()
                try? await Task.sleep(for: .milliseconds(300))
                await rounds.finish()
                return false
            }
        }
    }

    @Test("graceful shutdown lets the round in progress finish and ends the wait at once")
    func shutdownEndsTheWait() async throws {
        let rounds = Rounds()
        let group = ServiceGroup(services: [LoopService(rounds: rounds)], logger: Logger(label: "polling-loop-test"))
        let began = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await rounds.waitForStarted(1))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await rounds.finished == 1, "the round was not cut off")
        #expect(await rounds.started == 1)
        #expect(ContinuousClock.now - began < .seconds(10), "the one-minute wait did not hold up shutdown")
    }
}
