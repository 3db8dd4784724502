import Foundation
import Hummingbird
import NIOCore
import Prometheus
import SwitchboardCore

/// Health, metrics and the API description: what operators and client generators read.
struct OperationsController {
    let deps: APIDependencies

    func register(on router: Router<AppRequestContext>) {
        router.get("health") { _, _ in
            let ok = await deps.directory.ping()
            return try JSONBody.response(
                ["status": ok ? "ok" : "degraded", "database": ok ? "ok" : "unavailable"],
                status: ok ? .ok : .serviceUnavailable
            )
        }
        router.get("metrics") { _, _ in
            var bytes: [UInt8] = []
            deps.metrics?.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        let document = OpenAPIDocument.bytes
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
