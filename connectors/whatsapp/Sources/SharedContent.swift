import Foundation
import SwitchboardCore

/// Text for agents from messages that carry data instead of words: a shared location or contact cards.
enum SharedContent {
    /// `Location: 55.7558, 37.6173`, the place's name and address when shared, and a map link.
    static func location(_ location: JSONValue) -> String? {
        guard let latitude = location["latitude"]?.number, let longitude = location["longitude"]?.number,
            (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        let coordinates = "\(decimal(latitude)), \(decimal(longitude))"
        var lines = ["Location: \(coordinates)"]
        let place = [location["name"]?.text, location["address"]?.text].compactMap { $0 }
        if !place.isEmpty { lines.append(place.joined(separator: ", ")) }
        lines.append("https://maps.google.com/?q=\(decimal(latitude)),\(decimal(longitude))")
        return lines.joined(separator: "\n")
    }

    /// `Contact: Ivan Petrov, +7 916 123-45-67` for one shared contact card.
    static func contact(_ card: JSONValue) -> String {
        let name =
            card["name"]?["formatted_name"]?.text
            ?? [card["name"]?["first_name"]?.text, card["name"]?["last_name"]?.text].compactMap { $0 }
            .joined(separator: " ")
        let phones = (card["phones"]?.elements ?? []).compactMap { $0["phone"]?.text ?? $0["wa_id"]?.text }
        let parts = [name.isEmpty ? "(no name)" : name] + phones
        return "Contact: " + parts.joined(separator: ", ")
    }

    /// Plain decimal notation as sent (`37.6173`), never an exponent (`1e-05`).
    static func decimal(_ value: Double) -> String {
        let text = "\(value)"
        guard text.contains("e") else { return text }
        var fixed = String(format: "%.7f", value)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed
    }
}
