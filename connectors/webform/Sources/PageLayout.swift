import SwitchboardCore

/// The shell shared by the form and thank-you pages: one HTML5 document, inline CSS, no script
/// and no external assets, so it works embedded in an iframe, offline-cached, or under a strict CSP.
enum PageLayout {
    /// Wraps `body` (already escaped HTML) in a complete document titled `title` (raw text).
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(HTMLEscape.escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static let css = """
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
        color:#1b1b1b;background:#f6f6f4}
        main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
        h1{font-size:1.5rem;margin:0 0 .5rem}
        label{display:block;font-weight:600;margin:1rem 0 .25rem}
        input,textarea{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;
        border:1px solid #767676;border-radius:4px;background:#fff}
        textarea{min-height:9rem;resize:vertical}
        input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #1a5fb4;outline-offset:2px}
        .hint{font-size:.875rem;color:#555;margin:.25rem 0 0}
        .alert{border:2px solid #b00020;background:#fdecee;padding:.75rem;border-radius:4px;margin:1rem 0}
        .hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
        button{margin-top:1.5rem;padding:.625rem 1.5rem;font:inherit;font-weight:600;
        color:#fff;background:#1a5fb4;border:0;border-radius:4px;cursor:pointer}
        """
}
