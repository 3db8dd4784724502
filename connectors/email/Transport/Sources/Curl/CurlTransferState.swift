import CCurl
import Synchronization

/// Set from any task when the caller gives up; libcurl's progress callback reads it about once a
/// second and aborts the blocking transfer.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func cancel() { flag.store(true, ordering: .relaxed) }
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// What libcurl's callbacks write to and read from during one `curl_easy_perform`, on the one
/// thread that runs it.
final class CurlTransferState {
    private(set) var body: [UInt8] = []
    private(set) var serverLines: [String] = []
    private(set) var exceededBodyLimit = false
    private(set) var cancelled = false
    private var partialLine: [UInt8] = []
    private let upload: [UInt8]
    private var uploadOffset = 0
    private let bodyLimit: Int?
    private let cancellation: CancellationFlag
    private static let keptLines = 40

    init(upload: [UInt8], bodyLimit: Int?, cancellation: CancellationFlag) {
        self.upload = upload
        self.bodyLimit = bodyLimit
        self.cancellation = cancellation
    }

    /// Appends body bytes; false stops the transfer.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let bodyLimit, body.count + bytes.count > bodyLimit {
            exceededBodyLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Collects the server's response lines (libcurl passes every IMAP and SMTP reply line here).
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if partialLine.last == UInt8(ascii: "\r") { partialLine.removeLast() }
                serverLines.append(String(decoding: partialLine, as: UTF8.self))
                if serverLines.count > Self.keptLines { serverLines.removeFirst(serverLines.count - Self.keptLines) }
                partialLine.removeAll(keepingCapacity: true)
            } else if partialLine.count < 4096 {
                partialLine.append(byte)
            }
        }
    }

    /// Copies the next part of the upload into libcurl's buffer; 0 means done.
    func readUpload(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, upload.count - uploadOffset)
        guard count > 0 else { return 0 }
        upload.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[uploadOffset..<uploadOffset + count]))
        }
        uploadOffset += count
        return count
    }

    /// Whether to go on; false once the caller cancelled.
    func shouldContinue() -> Bool {
        if cancellation.isCancelled { cancelled = true }
        return !cancelled
    }
}

// libcurl's callbacks: plain C functions that find the state through their context pointer.

func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let context, length > 0 else { return length }
    let state = Unmanaged<CurlTransferState>.fromOpaque(context).takeUnretainedValue()
    return state.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let context, length > 0 else { return length }
    Unmanaged<CurlTransferState>.fromOpaque(context).takeUnretainedValue()
        .receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

func curlReadUpload(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context, size * count > 0 else { return 0 }
    return Unmanaged<CurlTransferState>.fromOpaque(context).takeUnretainedValue()
        .readUpload(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
}

/// Swallows whatever a parked handle still receives (the server's goodbye when it is closed).
func curlDiscard(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    size * count
}

func curlProgress(
    _ context: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloaded: curl_off_t,
    _ uploadTotal: curl_off_t, _ uploaded: curl_off_t
) -> Int32 {
    guard let context else { return 0 }
    return Unmanaged<CurlTransferState>.fromOpaque(context).takeUnretainedValue().shouldContinue() ? 0 : 1
}
