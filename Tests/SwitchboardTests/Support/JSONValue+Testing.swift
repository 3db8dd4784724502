import SwitchboardCore

/// Reading answers in tests: `json["items"]?[0]?["id"]?.int`.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    var int: Int64? {
        if case .number(let number) = self { return Int64(exactly: number) }
        return nil
    }

    var double: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [JSONValue] {
        if case .array(let array) = self { return array }
        return []
    }

    var isNull: Bool { self == .null }
}
