import CCurl
import Synchronization

/// libcurl's process-wide setup, done once on first use (a global `let` is initialized exactly once,
/// whichever thread gets there first).
let curlIsReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

/// One libcurl easy handle. It is used by one thread at a time: the pool hands it out to one
/// transfer and takes it back afterwards.
struct CurlHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    static func make() -> CurlHandle? {
        guard curlIsReady, let raw = curl_easy_init() else { return nil }
        return CurlHandle(raw: raw)
    }

    /// Closes the handle and its connections. An IMAP connection says LOGOUT first: waiting for
    /// the answer is bounded to two seconds.
    func close() {
        _ = sb_curl_setopt_long(raw, CURLOPT_SERVER_RESPONSE_TIMEOUT, 2)
        curl_easy_cleanup(raw)
    }
}

/// Idle easy handles of one client. A handle keeps its connection open between transfers, so the
/// next IMAP command skips connect, TLS, login and SELECT. libcurl closes connections idle for
/// longer than two minutes by itself and reconnects when the server has hung up meanwhile.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlHandle]>([])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// An idle handle, or a new one; nil only when libcurl cannot make one.
    func checkout() -> CurlHandle? {
        idle.withLock { $0.popLast() } ?? CurlHandle.make()
    }

    /// Takes a handle back after a transfer; closes it when enough are idle already.
    func checkin(_ handle: CurlHandle) {
        let surplus: CurlHandle? = idle.withLock { handles in
            guard handles.count < capacity else { return handle }
            handles.append(handle)
            return nil
        }
        surplus?.close()
    }

    /// Takes every idle handle out, for the caller to close on a thread that may block.
    func drain() -> [CurlHandle] {
        idle.withLock { handles in
            defer { handles.removeAll() }
            return handles
        }
    }

    deinit {
        for handle in drain() { handle.close() }
    }
}
