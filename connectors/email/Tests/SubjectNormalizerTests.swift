import Testing

@testable import EmailConnector

@Suite("Subject normalization")
struct SubjectNormalizerTests {
    @Test(
        "reply and forward prefixes are stripped",
        arguments: [
            ("Re: Order 42", "Order 42"),
            ("RE: Order 42", "Order 42"),
            ("Re: Re: RE: Order 42", "Order 42"),
            ("Fwd: Order 42", "Order 42"),
            ("FW: Re: Order 42", "Order 42"),
            ("Fw: Order 42", "Order 42"),
            ("Ответ: Заказ 42", "Заказ 42"),
            ("Отв: Re: Заказ 42", "Заказ 42"),
            ("AW: Bestellung", "Bestellung"),
            ("SV: Beställning", "Beställning"),
            ("Re[2]: Order 42", "Order 42"),
            ("Re(3): Order 42", "Order 42"),
            ("re : Order 42", "Order 42"),
            ("  Re:   Order    42  ", "Order 42"),
            ("Re:Order 42", "Order 42"),
            ("Order 42", "Order 42"),
            ("Re:", ""),
            ("", ""),
        ])
    func strip(subject: String, expected: String) {
        #expect(SubjectNormalizer.normalize(subject) == expected)
    }

    @Test(
        "words that only look like prefixes are kept",
        arguments: ["Regarding: the order", "Reorder: kettles", "Re-send the invoice", "SVG: logo", "Re[x]: test"])
    func keep(subject: String) {
        #expect(SubjectNormalizer.normalize(subject) == subject)
    }

    @Test("thread comparison ignores prefixes, whitespace and case")
    func sameThread() {
        #expect(SubjectNormalizer.isSameThread("RE: ORDER  42", "order 42"))
        #expect(SubjectNormalizer.isSameThread("Ответ: Заказ", "заказ"))
        #expect(!SubjectNormalizer.isSameThread("Order 42", "Order 43"))
        #expect(SubjectNormalizer.comparisonKey("Fwd: Re: Hello World") == "hello world")
    }
}
