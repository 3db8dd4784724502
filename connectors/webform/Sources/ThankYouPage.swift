import SwitchboardCore

/// The page a browser gets once its post is stored: the configured thanks and a way back.
struct ThankYouPage {
    var inboxName: String
    var formPath: String
    var settings: WebformSettings

    var html: String {
        let title = settings.title ?? inboxName
        let body = """
            <h1>\(HTMLEscape.escape(title))</h1>
            <p role="status">\(HTMLEscape.escape(settings.thankYouMessage))</p>
            <p><a href="\(HTMLEscape.escape(formPath))">Send another message</a></p>
            """
        return PageLayout.document(title: title, body: body)
    }
}
