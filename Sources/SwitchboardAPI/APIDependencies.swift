import Hummingbird
import Logging
import Prometheus
import SwitchboardCore

/// Everything the HTTP layer needs, handed over by the executable. The API reaches stores only through
/// the domain's protocols and channels only through the connector registry.
public struct APIDependencies: Sendable {
    public var directory: any DirectoryStore
    public var sessions: any SessionStore
    /// A console session ends after this long without a request.
    public var sessionIdle: Duration
    public var accounts: any AccountStore
    public var inboxes: any InboxStore
    public var conversations: any ConversationStore
    public var contacts: any ContactStore
    public var assignment: any AssignmentStore
    public var channelEvents: any ChannelEventStore
    public var templates: any TemplateStore
    public var rules: any RuleStore
    public var categories: any CategoryStore
    public var surveys: any SurveyStore
    public var reports: any ReportStore
    public var privacy: any PrivacyStore
    public var ingest: IngestPipeline
    public var useCases: UseCases
    /// Carries out what use cases return for after their commit.
    public var effects: EffectRunner
    public var connectors: ConnectorRegistry
    public var metrics: PrometheusCollectorRegistry?
    /// How this server is reached from outside, for `webhook_url`/`form_url` (no trailing slash).
    public var publicBaseURL: String
    /// The event log, this process's fan-out of it to open streams, outbound webhooks and the audit trail.
    public var events: any EventStore
    public var eventHub: EventHub
    public var webhooks: any WebhookStore
    /// Nudged when a delivery is made due again by hand.
    public var webhookWakeUps: DeliveryWakeUps
    public var audit: any AuditStore
    /// Which URLs may be saved as webhook and callback targets.
    public var urlPolicy: OutboundURLPolicy
    /// Per-minute limits, each process admitting its share (`RateLimits`, `ProcessCensus`).
    public var rateLimiter: RateLimiter
    public var rateLimits: RateLimits

    public init(
        directory: any DirectoryStore, sessions: any SessionStore, sessionIdle: Duration = .seconds(12 * 3600), accounts: any AccountStore, inboxes: any InboxStore, conversations: any ConversationStore,
        contacts: any ContactStore, assignment: any AssignmentStore, channelEvents: any ChannelEventStore,
        templates: any TemplateStore, rules: any RuleStore, categories: any CategoryStore,
        surveys: any SurveyStore, reports: any ReportStore, privacy: any PrivacyStore, ingest: IngestPipeline, useCases: UseCases,
        effects: EffectRunner, connectors: ConnectorRegistry, metrics: PrometheusCollectorRegistry? = nil, publicBaseURL: String,
        events: any EventStore, eventHub: EventHub, webhooks: any WebhookStore,
        webhookWakeUps: DeliveryWakeUps, audit: any AuditStore, urlPolicy: OutboundURLPolicy,
        rateLimiter: RateLimiter = RateLimiter(census: nil), rateLimits: RateLimits = RateLimits()
    ) {
        self.events = events
        self.eventHub = eventHub
        self.webhooks = webhooks
        self.webhookWakeUps = webhookWakeUps
        self.audit = audit
        self.urlPolicy = urlPolicy
        self.rateLimiter = rateLimiter
        self.rateLimits = rateLimits
        self.channelEvents = channelEvents
        self.templates = templates
        self.rules = rules
        self.categories = categories
        self.surveys = surveys
        self.reports = reports
        self.privacy = privacy
        self.directory = directory
        self.sessions = sessions
        self.sessionIdle = sessionIdle
        self.accounts = accounts
        self.inboxes = inboxes
        self.conversations = conversations
        self.contacts = contacts
        self.assignment = assignment
        self.ingest = ingest
        self.useCases = useCases
        self.effects = effects
        self.connectors = connectors
        self.metrics = metrics
        self.publicBaseURL = publicBaseURL
    }

    /// Whether browsers reach this server over https, so cookies and HSTS can insist on it.
    var isHTTPS: Bool { publicBaseURL.lowercased().hasPrefix("https://")
    }
}
