import Foundation
import Mustache

/// A template body that compiled: the parsed form for rendering as text, and for rendering as HTML.
public struct CompiledTemplate: Sendable {
    let text: MustacheTemplate
    let html: MustacheTemplate

    /// Messenger and SMS text is sent as written: no HTML escaping.
    public func renderText(_ context: [String: Any]) -> String { text.render(context) }

    /// For an email's HTML part: values are escaped, so a contact's name cannot inject markup.
    public func renderHTML(_ context: [String: Any]) -> String { html.render(context) }
}

/// Checks template bodies when they are saved, so an agent never sends a broken answer: a syntax error
/// or an unknown variable is reported with where it is ("line 2, column 7").
public enum TemplateCompiler {
    public static func compile(_ body: String, field: String) throws(SwitchboardError) -> CompiledTemplate {
        if let problem = firstUnknownTag(in: body) {
            throw .invalid(field, "line \(problem.line), column \(problem.column): \(problem.message)")
        }
        do {
            return CompiledTemplate(
                text: try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}" + body),
                html: try MustacheTemplate(string: body)
            )
        } catch let error as MustacheTemplate.ParserError {
            throw .invalid(
                field,
                "line \(error.context.lineNumber), column \(error.context.columnNumber): \(describe(error.error))"
            )
        } catch {
            throw .invalid(field, "cannot be read as a template; check that every {{ has its }}")
        }
    }

    /// Compiles the main body and every variant; all problems are reported at once.
    public static func validate(_ bodies: [(field: String, body: String)]) throws(SwitchboardError) {
        var errors: [FieldError] = []
        for (field, body) in bodies {
            do {
                _ = try compile(body, field: field)
            } catch {
                if case .invalid(let found) = error { errors += found }
            }
        }
        if !errors.isEmpty { throw .invalid(errors) }
    }

    struct Problem {
        var line: Int
        var column: Int
        var message: String
    }

    /// Walks the `{{…}}` tags and returns the first that names something templates do not have,
    /// or uses a feature we do not offer (partials, changed delimiters, pragmas).
    static func firstUnknownTag(in body: String) -> Problem? {
        var sections: [String] = []
        var rest = Substring(body)
        while let open = rest.range(of: "{{") {
            let before = body[body.startIndex..<open.lowerBound]
            let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let column = (before.lastIndex(of: "\n").map { before.distance(from: $0, to: before.endIndex) } ?? before.count + 1)
            func problem(_ message: String) -> Problem { Problem(line: line, column: column, message: message) }

            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            let closer = triple ? "}}}" : "}}"
            guard let close = afterOpen.range(of: closer) else { return nil }  // the parser reports it
            var tag = afterOpen[afterOpen.startIndex..<close.lowerBound]
            if triple { tag = tag.dropFirst() }
            rest = afterOpen[close.upperBound...]
            let trimmed = tag.trimmingWhitespace()
            guard let sigil = trimmed.first else { return problem("an empty tag {{}}") }

            switch sigil {
            case "!":
                continue
            case ">", "<", "$":
                return problem("partials and blocks are not available in reply templates")
            case "=":
                return problem("changing the delimiters is not available in reply templates")
            case "%":
                return problem("pragmas are not available in reply templates")
            case "#", "^":
                let name = trimmed.dropFirst().trimmingWhitespace()
                guard resolves(name, within: sections) else { return problem("unknown variable \"\(name)\"") }
                sections.append(fullName(name, within: sections))
            case "/":
                if !sections.isEmpty { sections.removeLast() }
            default:
                let name = (sigil == "&" ? String(trimmed.dropFirst()) : trimmed).trimmingWhitespace()
                guard resolves(name, within: sections) else { return problem("unknown variable \"\(name)\"") }
                if let reason = notPrintable(name, within: sections) { return problem(reason) }
            }
        }
        return nil
    }

    /// Why a variable tag would print a whole group of values (`{{.}}` at the top, `{{contact}}`,
    /// `{{survey}}`) instead of one value, or nil. Such a tag would send the customer every fact of
    /// the conversation that the context holds, so it is refused like an unknown name.
    static func notPrintable(_ name: String, within sections: [String]) -> String? {
        if name == "." {
            // Inside a section over one value (a name, an attribute's list), `.` is that value.
            let overOneValue = sections.last.map { !TemplateVariables.groups.contains($0) } ?? false
            return overOneValue ? nil : "{{.}} prints every value a template can see; name one variable, such as {{contact.name}}"
        }
        if TemplateVariables.groups.contains(fullName(name, within: sections)) {
            return "\"\(name)\" is a group of values; name one of them, such as {{\(name).name}}"
        }
        return nil
    }

    static func resolves(_ name: String, within sections: [String]) -> Bool {
        if name == "." { return true }
        if TemplateVariables.isKnown(name) { return true }
        return sections.contains { TemplateVariables.isKnown("\($0).\(name)") }
    }

    static func fullName(_ name: String, within sections: [String]) -> String {
        if TemplateVariables.isKnown(name) { return name }
        return sections.reversed().first { TemplateVariables.isKnown("\($0).\(name)") }.map { "\($0).\(name)" } ?? name
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "the template cannot be read; check that every {{ has its }}" }
        return switch error {
        case .sectionCloseNameIncorrect: "a section is closed with another name than it was opened with"
        case .unfinishedName: "a tag is not closed with }}"
        case .expectedSectionEnd: "a section is opened but never closed"
        case .invalidSetDelimiter: "changing the delimiters is not available in reply templates"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: "pragmas ({{% … }}) are not available in reply templates"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            "partials and blocks are not available in reply templates"
        default: "the template cannot be read; check that every {{ has its }}"
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
