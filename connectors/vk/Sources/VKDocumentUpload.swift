import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Sends a file VK's way for messages: `docs.getMessagesUploadServer` gives an upload URL, the file is
/// posted there as multipart field `file`, `docs.save` turns the upload into a document, and the message
/// refers to it as `doc<owner_id>_<id>`. Images go the same way (VK shows image documents with a preview).
struct VKDocumentUpload {
    let api: VKAPIClient

    private struct UploadServer: Decodable {
        var uploadURL: String

        private enum CodingKeys: String, CodingKey { case uploadURL = "upload_url" }
    }

    private struct UploadResult: Decodable {
        var file: String?
        var error: String?
        var errorDescription: String?

        private enum CodingKeys: String, CodingKey {
            case file, error
            case errorDescription = "error_descr"
        }
    }

    /// `docs.save` answers `{"type": "doc", "doc": {…}}` (older versions: a list of documents).
    private struct SavedDocument: Decodable {
        struct Document: Decodable {
            var id: Int64
            var ownerID: Int64

            private enum CodingKeys: String, CodingKey {
                case id
                case ownerID = "owner_id"
            }
        }

        var document: Document?

        private enum CodingKeys: String, CodingKey { case doc, type }

        init(from decoder: any Decoder) throws {
            if let list = try? decoder.singleValueContainer().decode([Document].self) {
                document = list.first
            } else {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                document = try? container.decode(Document.self, forKey: .doc)
            }
        }
    }

    /// Uploads one file for `peerID` and returns what `messages.send` takes in `attachment`.
    func upload(_ file: OutboundAttachment, peerID: String) async throws(DeliveryFailure) -> String {
        let server: UploadServer
        do throws(VKCallError) {
            server = try await api.call(
                "docs.getMessagesUploadServer", [("type", "doc"), ("peer_id", peerID)], as: UploadServer.self)
        } catch {
            throw error.deliveryFailure
        }

        let boundary = "switchboard-\(UUID().uuidString)"
        var request = HTTPClientRequest(url: server.uploadURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        request.headers.add(name: "User-Agent", value: "Switchboard")
        request.body = .bytes(ByteBuffer(bytes: Self.multipart(file, boundary: boundary)))
        let uploaded: UploadResult
        do throws(VKCallError) {
            let body = try await api.send(request)
            guard let result = try? JSONDecoder().decode(UploadResult.self, from: Data(body)) else {
                throw VKCallError.unreadable
            }
            uploaded = result
        } catch {
            throw error.deliveryFailure
        }
        guard let token = uploaded.file, !token.isEmpty else {
            let reason = [uploaded.error, uploaded.errorDescription].compactMap { $0 }.joined(separator: ": ")
            throw .permanent("VK refused the file \(file.name): \(reason.isEmpty ? "no file in the answer" : reason)")
        }

        let saved: SavedDocument
        do throws(VKCallError) {
            saved = try await api.call("docs.save", [("file", token), ("title", file.name)], as: SavedDocument.self)
        } catch {
            throw error.deliveryFailure
        }
        guard let document = saved.document else { throw .temporary("VK's docs.save answer names no document") }
        return "doc\(document.ownerID)_\(document.id)"
    }

    /// A `multipart/form-data` body with the single field `file`.
    static func multipart(_ file: OutboundAttachment, boundary: String) -> [UInt8] {
        let name = String(file.name.map { $0 == "\"" || $0.isNewline ? "_" : $0 })
        let type = file.contentType.isEmpty ? "application/octet-stream" : file.contentType
        var body = Array("--\(boundary)\r\n".utf8)
        body += Array("Content-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n".utf8)
        body += Array("Content-Type: \(type)\r\n\r\n".utf8)
        body += file.data
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }
}
