import Hummingbird
import Logging
import SwitchboardCore

/// Builds the whole HTTP surface: public endpoints (health, metrics, OpenAPI, forms) and the
/// token-protected `/api/v1` resources, each group a small controller over the domain's stores.
public func buildRouter(_ deps: APIDependencies) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Outermost first: metrics and the log see the status the client got, because errors have already
    // become problem+json responses by the time they come back up.
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(strictTransport: deps.isHTTPS))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: MethodFilterMiddleware())

    OperationsController(deps: deps).register(on: router)
    ConsoleController().register(on: router)
    FormsController(deps: deps).register(on: router.group("forms"))
    WebhooksController(deps: deps).register(on: router.group("webhooks"))
    RatingController(deps: deps).register(on: router.group("rate"))
    let authenticated = AuthMiddleware(
        directory: deps.directory, sessions: deps.sessions, sessionIdle: deps.sessionIdle, limiter: deps.rateLimiter,
        perMinute: deps.rateLimits.apiPerMinute
    )
    AuthController(deps: deps).register(
        on: router.group("api/v1/auth"), signedIn: router.group("api/v1/auth").add(middleware: authenticated)
    )

    let api = router.group("api/v1").add(middleware: authenticated)
        .add(middleware: AuditTrailMiddleware(audit: deps.audit))
    AccountController(deps: deps).register(on: api.group("account"))
    AgentsController(deps: deps).register(on: api.group("agents"))
    TeamsController(deps: deps).register(on: api.group("teams"))
    InboxesController(deps: deps).register(on: api.group("inboxes"))
    ApiChannelController(deps: deps).register(on: api.group("inboxes"))
    PhoneCallsController(deps: deps).register(on: api.group("inboxes"))
    ConversationsController(deps: deps).register(on: api.group("conversations"))
    ContactsController(deps: deps).register(on: api.group("contacts"))
    TemplatesController(deps: deps).register(on: api.group("templates"))
    TemplateAttachmentsController(deps: deps).register(on: api.group("templates"))
    RulesController(deps: deps).register(on: api.group("rules"))
    CategoriesController(deps: deps).register(on: api.group("categories"))
    AttachmentsController(deps: deps).register(on: api.group("attachments"))
    ReportsController(deps: deps).register(on: api.group("reports"))
    ExportsController(deps: deps).register(on: api.group("exports"))
    EventsController(deps: deps).register(on: api.group("events"))
    WebhookEndpointsController(deps: deps).register(on: api.group("webhook_endpoints"))
    AuditController(deps: deps).register(on: api.group("audit_events"))
    return router
}

/// Path ids: anything that is not a positive integer names nothing, so it is a 404 like an unknown id.
func pathID(_ context: AppRequestContext, _ name: String = "id", _ what: String) throws -> Int64 {
    let text = context.parameters.get(name) ?? ""
    guard let id = Int64(text), id > 0 else { throw SwitchboardError.notFound("\(what) \(text)") }
    return id
}
