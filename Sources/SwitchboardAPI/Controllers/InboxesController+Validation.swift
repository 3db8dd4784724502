import Foundation
import Hummingbird
import SwitchboardCore

/// What an inbox's settings are checked for before they are saved: references to teams and templates of
/// the account, automation settings, and the channel's config (shared rules, then the channel's own).
extension InboxesController {
    func validateAutomations(
        _ automations: AutomationsDTO?, current: InboxAutomations, _ principal: Principal, _ validator: inout Validator
    ) async throws {
        guard let automations else { return }
        validator.range(automations.csatWindowHours, "automations.csat_window_hours", 1...720)
        for error in automations.officeHoursErrors { validator.add(error.field, error.message) }
        for error in automations.inactivityErrors(result: automations.applied(to: current)) {
            validator.add(error.field, error.message)
        }
        for (field, id) in automations.templateReferences
        where try await !deps.inboxes.templateExists(id: id, accountID: principal.accountID) {
            validator.add(field, "template \(id) does not exist")
        }
    }

    /// The questionnaire, checked part by part (`intake.questions[0].kind`), and its closing template.
    func validateIntake(_ json: JSONValue?, _ principal: Principal, _ validator: inout Validator) async throws -> IntakeQuestionnaire? {
        guard let json else { return nil }
        let questionnaire: IntakeQuestionnaire
        do throws(SwitchboardError) {
            questionnaire = try IntakeQuestionnaire.parse(json)
        } catch {
            guard case .invalid(let errors) = error else {
                validator.add("intake", "is not a questionnaire")
                return nil
            }
            for error in errors { validator.add(error.field, error.message) }
            return nil
        }
        if let id = questionnaire.doneTemplateID, try await !deps.inboxes.templateExists(id: id, accountID: principal.accountID) {
            validator.add("intake.done_template_id", "template \(id) does not exist")
        }
        return questionnaire
    }

    /// The bot's endpoint must be the account's; an inbox has a questionnaire or a bot, not both.
    func validateBot(_ endpointID: Int64?, hasIntake: Bool, _ principal: Principal, _ validator: inout Validator) async throws {
        guard let endpointID else { return }
        if hasIntake { validator.add("bot", "an inbox has either an intake questionnaire or a bot, not both") }
        if try await deps.webhooks.webhookEndpoint(id: endpointID, accountID: principal.accountID) == nil {
            validator.add("bot.webhook_endpoint_id", "webhook endpoint \(endpointID) does not exist")
        }
    }

    func validateEscalation(_ teams: [Int64]?, _ principal: Principal, _ validator: inout Validator) async throws {
        guard let teams else { return }
        if teams.count > 10 { validator.add("escalation_team_ids", "must list at most 10 lines") }
        if Set(teams).count != teams.count { validator.add("escalation_team_ids", "must not list a team twice") }
        for (index, team) in teams.prefix(10).enumerated() where try await !deps.inboxes.teamExists(id: team, accountID: principal.accountID) {
            validator.add("escalation_team_ids[\(index)]", "team \(team) does not exist")
        }
    }

    func validateReferences(teamID: Int64?, templateID: Int64?, _ principal: Principal, _ validator: inout Validator) async throws {
        if let teamID, try await !deps.inboxes.teamExists(id: teamID, accountID: principal.accountID) {
            validator.add("team_id", "team \(teamID) does not exist")
        }
        if let templateID, try await !deps.inboxes.templateExists(id: templateID, accountID: principal.accountID) {
            validator.add("greeting_template_id", "template \(templateID) does not exist")
        }
    }

    /// The checks every channel shares, then the channel's own (a mailbox connector knows its keys).
    func validate(config: [String: JSONValue], kind: ChannelKind, into validator: inout Validator) {
        Self.validateCommon(config: config, kind: kind, into: &validator)
        if let url = config["callback_url"]?.stringValue, validator.errors.allSatisfy({ $0.field != "channel.config.callback_url" }),
            let refusal = deps.urlPolicy.refusal(of: url)
        {
            validator.add("channel.config.callback_url", refusal)
        }
        for error in deps.connectors.mailboxes[kind]?.configErrors(config) ?? [] {
            validator.add(error.field, error.message)
        }
    }

    static func validateCommon(config: [String: JSONValue], kind: ChannelKind, into validator: inout Validator) {
        if config.count > 50 { validator.add("channel.config", "must have at most 50 keys") }
        for error in ChannelConfigKeys.problems(config, for: kind) { validator.add(error.field, error.message) }
        if let secret = config["secret"], kind == .api || kind == .webform, secret != .null {
            if (secret.stringValue?.count ?? 0) < 16 {
                validator.add("channel.config.secret", "must be a string of at least 16 characters")
            }
        }
    }
}
