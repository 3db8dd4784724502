import Foundation
import SwitchboardCore

/// Reads `application/json` submissions: one object whose members are the fields.
///
/// Strings are text fields; numbers and bools keep their JSON type (an `age` of 17 stays a number,
/// so rules can compare it); `null` counts as absent. Arrays and objects are refused for the field
/// they sit in: a form field is one value.
enum JSONFormReader {
    static func read(_ body: [UInt8]) throws(SwitchboardError) -> FormFields {
        guard !JSONNesting.exceeds(in: body) else {
            throw .malformed("the JSON body nests deeper than \(JSONNesting.maxDepth) levels; a form is one object of fields")
        }
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw .malformed("the body is not valid JSON")
        }
        guard case .object(let members) = document else {
            throw .malformed("the JSON body must be an object of fields, such as {\"message\": \"…\"}")
        }
        var fields = FormFields()
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .null: continue
            case .string(let text): fields.add(name, text: text)
            case .number, .bool: fields.add(name, json: value)
            case .array, .object: fields.reject(name, "must be a string, number or boolean")
            }
        }
        return fields
    }
}
