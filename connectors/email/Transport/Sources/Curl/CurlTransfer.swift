import CCurl

/// Runs one request on one easy handle. Blocks the calling thread: call it on the thread pool only.
struct CurlTransfer {
    let request: CurlRequest
    let server: MailServer
    let handle: CurlHandle
    let cancellation: CancellationFlag

    /// Lines longer than half of libcurl's buffer are cut short by it; 512 KiB (its maximum) keeps
    /// a `SEARCH` answer with some 20,000 UIDs whole.
    private static let bufferSize = 512 * 1024

    func perform() -> CurlResponse {
        let state = CurlTransferState(
            upload: request.upload ?? [], bodyLimit: request.bodyLimit, cancellation: cancellation
        )
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        defer {
            park()
            curl_slist_free_all(recipients)
            errorBuffer.deallocate()
        }

        let context = Unmanaged.passUnretained(state).toOpaque()
        var options = OptionSetter(handle: handle.raw)
        configure(&options, errorBuffer: errorBuffer, context: context)
        for recipient in request.recipients {
            guard let appended = curl_slist_append(recipients, recipient) else {
                return .failure(CURLE_OUT_OF_MEMORY, "out of memory")
            }
            recipients = appended
        }
        if let recipients { options.slist(CURLOPT_MAIL_RCPT, recipients) }
        if let failure = options.failure {
            return .failure(failure, "libcurl refused an option: \(String(cString: curl_easy_strerror(failure)))")
        }

        let result = withExtendedLifetime(state) { curl_easy_perform(handle.raw) }
        var responseCode = 0
        var newConnections = 0
        _ = sb_curl_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &responseCode)
        _ = sb_curl_getinfo_long(handle.raw, CURLINFO_NUM_CONNECTS, &newConnections)
        let errorText = String(cString: errorBuffer)
        return CurlResponse(
            result: result.rawValue, responseCode: responseCode, body: state.body, serverLines: state.serverLines,
            errorText: errorText.isEmpty ? String(cString: curl_easy_strerror(result)) : errorText,
            exceededBodyLimit: state.exceededBodyLimit, cancelled: state.cancelled, newConnections: newConnections
        )
    }

    private func configure(
        _ options: inout OptionSetter, errorBuffer: UnsafeMutablePointer<CChar>, context: UnsafeMutableRawPointer
    ) {
        options.long(CURLOPT_NOSIGNAL, 1)
        options.string(CURLOPT_URL, request.url)
        options.string(CURLOPT_PROTOCOLS_STR, request.service == .imap ? "imap,imaps" : "smtp,smtps")
        if !server.username.isEmpty {
            options.string(CURLOPT_USERNAME, server.username)
            options.string(CURLOPT_PASSWORD, server.password)
        }
        if server.security == .starttls { options.long(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        options.long(CURLOPT_SSL_VERIFYPEER, 1)
        options.long(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = server.caFile { options.string(CURLOPT_CAINFO, caFile) }

        let milliseconds = max(1, Int((server.timeout / .milliseconds(1)).rounded(.up)))
        let seconds = max(1, (milliseconds + 999) / 1000)
        options.long(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        options.long(CURLOPT_SERVER_RESPONSE_TIMEOUT, seconds)
        options.long(CURLOPT_LOW_SPEED_LIMIT, 1)
        options.long(CURLOPT_LOW_SPEED_TIME, seconds)
        options.long(CURLOPT_TCP_KEEPALIVE, 1)
        if request.freshConnection {
            options.long(CURLOPT_FRESH_CONNECT, 1)
            options.long(CURLOPT_FORBID_REUSE, 1)
        }
        if request.service == .imap { options.long(CURLOPT_BUFFERSIZE, Self.bufferSize) }

        options.pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        options.callback(CURLOPT_WRITEFUNCTION, curlWriteBody)
        options.pointer(CURLOPT_WRITEDATA, context)
        options.callback(CURLOPT_HEADERFUNCTION, curlWriteHeader)
        options.pointer(CURLOPT_HEADERDATA, context)
        let progress: curl_xferinfo_callback = curlProgress
        options.pointer(CURLOPT_XFERINFOFUNCTION, unsafeBitCast(progress, to: UnsafeMutableRawPointer.self))
        options.pointer(CURLOPT_XFERINFODATA, context)
        options.long(CURLOPT_NOPROGRESS, 0)

        if let custom = request.customRequest { options.string(CURLOPT_CUSTOMREQUEST, custom) }
        if let mailFrom = request.mailFrom { options.string(CURLOPT_MAIL_FROM, mailFrom) }
        if let upload = request.upload {
            options.long(CURLOPT_UPLOAD, 1)
            options.callback(CURLOPT_READFUNCTION, curlReadUpload)
            options.pointer(CURLOPT_READDATA, context)
            options.long(CURLOPT_INFILESIZE, upload.count)
        }
    }

    /// Forgets every option that points into this transfer, keeping the handle's connections, so
    /// nothing can reach freed memory when the connection is closed later.
    private func park() {
        curl_easy_reset(handle.raw)
        _ = sb_curl_setopt_long(handle.raw, CURLOPT_NOSIGNAL, 1)
        _ = sb_curl_setopt_data_callback(handle.raw, CURLOPT_WRITEFUNCTION, curlDiscard)
        _ = sb_curl_setopt_data_callback(handle.raw, CURLOPT_HEADERFUNCTION, curlDiscard)
    }
}

/// Sets options through the shim and remembers the first one libcurl refused.
private struct OptionSetter {
    let handle: UnsafeMutableRawPointer
    private(set) var failure: CURLcode?

    init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    mutating func long(_ option: CURLoption, _ value: Int) {
        record(sb_curl_setopt_long(handle, option, value))
    }

    mutating func string(_ option: CURLoption, _ value: String) {
        record(sb_curl_setopt_string(handle, option, value))
    }

    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer) {
        record(sb_curl_setopt_pointer(handle, option, value))
    }

    mutating func slist(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>) {
        record(sb_curl_setopt_slist(handle, option, value))
    }

    mutating func callback(_ option: CURLoption, _ value: sb_curl_data_callback) {
        record(sb_curl_setopt_data_callback(handle, option, value))
    }

    private mutating func record(_ code: CURLcode) {
        if code != CURLE_OK && failure == nil { failure = code }
    }
}
