// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// HMAC and hashing, for the targets that verify signatures or sign.
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")

/// One channel = one folder under `connectors/`: its code, tests, fixtures and setup guide.
/// A connector depends on the domain only; the executable wires it in.
func connector(
    _ name: String,
    folder: String,
    dependencies: [Target.Dependency] = [],
    testDependencies: [Target.Dependency] = []
) -> [Target] {
    [
        .target(
            name: name,
            dependencies: ["SwitchboardCore"] + dependencies,
            path: "connectors/\(folder)/Sources",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "\(name)Tests",
            dependencies: [.byName(name: name), "SwitchboardCore"] + testDependencies,
            path: "connectors/\(folder)/Tests",
            resources: [.copy("../fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
}

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
    ],
    targets: [
        .target(
            name: "SwitchboardCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardStore",
            dependencies: [
                "SwitchboardCore",
                // AES-GCM for channel secrets at rest (`SecretBox`).
                crypto,
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("../../sql")],
            swiftSettings: swiftSettings
        ),
        // Uploads are read in two places (web form posts, template files): one splitter serves both.
        .target(name: "MultipartParts", dependencies: ["SwitchboardCore"], swiftSettings: swiftSettings),
        // The domain's logic without a database: authorization, use cases over in-memory transactions.
        .testTarget(name: "SwitchboardCoreTests", dependencies: ["SwitchboardCore"], swiftSettings: swiftSettings),
        // Pure tests of the splitter, among them a seeded fuzz run over mutated bodies.
        .testTarget(name: "MultipartPartsTests", dependencies: ["MultipartParts", "SwitchboardCore"], swiftSettings: swiftSettings),
        .target(
            name: "SwitchboardAPI",
            dependencies: [
                "SwitchboardCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "MultipartParts", "SwitchboardConsole",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The OpenAPI description, served as it is at GET /openapi.json.
            resources: [.copy("openapi.json")],
            swiftSettings: swiftSettings
        ),
        // The agent console's HTML, CSS and JavaScript modules, and the gzip that serves them smaller.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "SwitchboardConsole",
            dependencies: ["CZlib", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Assets")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ApiChannelConnector",
            dependencies: [
                "SwitchboardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "connectors/api/Sources",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardCore", "SwitchboardStore", "SwitchboardAPI",
                "ApiChannelConnector", "WebformConnector", "TelegramConnector", "WhatsAppConnector", "ViberConnector",
                "VKConnector", "EmailConnector",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardTests",
            dependencies: [
                "switchboard", "SwitchboardCore", "SwitchboardStore", "SwitchboardAPI",
                "ApiChannelConnector", "EmailConnector", "EmailTransport", "MailTestSupport", "PlatformStandIn",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
        + connector(
            "WebformConnector", folder: "webform",
            dependencies: ["MultipartParts"]
        )
        + [
            .target(
                name: "PlatformStandIn",
                dependencies: [
                    "SwitchboardCore",
                    .product(name: "HTTPTypes", package: "swift-http-types"),
                    .product(name: "NIOCore", package: "swift-nio"),
                    .product(name: "NIOHTTP1", package: "swift-nio"),
                    .product(name: "NIOPosix", package: "swift-nio"),
                ],
                path: "Tests/PlatformStandIn",
                swiftSettings: swiftSettings
            )
        ]
        + messengerConnector("TelegramConnector", folder: "telegram")
        // WhatsApp and Viber sign their webhooks with HMAC-SHA256.
        + messengerConnector("WhatsAppConnector", folder: "whatsapp", dependencies: [crypto])
        + messengerConnector("ViberConnector", folder: "viber", dependencies: [crypto])
        + messengerConnector("VKConnector", folder: "vk")
        + [
            // libcurl speaks IMAP and SMTP for the email connector; the shim makes its variadic setopt callable.
            .systemLibrary(
                name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                providers: [.apt(["libcurl4-openssl-dev"])]
            ),
            .target(
                name: "EmailTransport",
                dependencies: [
                    "CCurl",
                    .product(name: "Logging", package: "swift-log"),
                    .product(name: "NIOPosix", package: "swift-nio"),
                ],
                path: "connectors/email/Transport/Sources",
                swiftSettings: swiftSettings
            ),
            // The real mail servers of scripts/mail-servers.sh as tests see them: seeding mail over LMTP,
            // reading what the SMTP sink received.
            .target(
                name: "MailTestSupport",
                dependencies: [
                    "EmailTransport",
                    .product(name: "NIOCore", package: "swift-nio"),
                    .product(name: "NIOPosix", package: "swift-nio"),
                ],
                path: "connectors/email/Transport/TestSupport",
                swiftSettings: swiftSettings
            ),
            .testTarget(
                name: "EmailTransportTests",
                dependencies: [
                    "EmailTransport", "MailTestSupport",
                    .product(name: "NIOCore", package: "swift-nio"),
                    .product(name: "NIOPosix", package: "swift-nio"),
                ],
                path: "connectors/email/Transport/Tests",
                swiftSettings: swiftSettings
            ),
        ]
        + connector(
            "EmailConnector", folder: "email",
            dependencies: [
                "EmailTransport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    swiftLanguageModes: [.v6]
)

/// Messengers talk HTTP both ways: their tests play the platform with a local SwiftNIO server
/// (`PlatformStandIn`), so no connector, not even in its tests, depends on the server's HTTP framework.
func messengerConnector(_ name: String, folder: String, dependencies: [Target.Dependency] = []) -> [Target] {
    connector(
        name, folder: folder,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ] + dependencies,
        testDependencies: [
            "PlatformStandIn",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]
    )
}

// `SWITCHBOARD_SKIP=TelegramConnector,VKConnector` leaves connectors out while they are being written.
if let skipped = Context.environment["SWITCHBOARD_SKIP"], !skipped.isEmpty {
    let names = skipped.split(separator: ",").map(String.init)
    package.targets.removeAll { target in names.contains { target.name == $0 || target.name == "\($0)Tests" } }
}
// Working on one connector: `SWITCHBOARD_ONLY=TelegramConnector swift test --scratch-path .build-telegram`
// builds just the domain and that connector, in its own build folder.
if let only = Context.environment["SWITCHBOARD_ONLY"], !only.isEmpty {
    let kept = only.split(separator: ",").flatMap { [String($0), "\($0)Tests"] } + ["SwitchboardCore", "CCurl", "PlatformStandIn", "EmailTransport", "MailTestSupport", "MultipartParts", "MultipartPartsTests", "SwitchboardCoreTests"]
    package.targets.removeAll { !kept.contains($0.name) }
    package.products.removeAll()
}
