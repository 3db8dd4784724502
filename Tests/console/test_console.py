"""The agent console in a real Chromium, against a running `switchboard serve` and its PostgreSQL.

scripts/test starts the server, bootstraps an admin with a password and runs this file with
    SWITCHBOARD_URL              the server, e.g. http://127.0.0.1:18080
    SWITCHBOARD_ADMIN_EMAIL      the admin's email and password (signs in to the console)
    SWITCHBOARD_ADMIN_PASSWORD
    SWITCHBOARD_ADMIN_TOKEN      the admin's API token (sets up the account, checks what changed)
    SWITCHBOARD_SCREENSHOTS      where screenshots of the main screens go
Every check a person would make by looking goes through the browser; what changed is read back
through the public API.
"""

import json
import os
import pathlib
import re
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["SWITCHBOARD_URL"].rstrip("/")
ADMIN_EMAIL = os.environ["SWITCHBOARD_ADMIN_EMAIL"]
ADMIN_PASSWORD = os.environ["SWITCHBOARD_ADMIN_PASSWORD"]
ADMIN_TOKEN = os.environ["SWITCHBOARD_ADMIN_TOKEN"]
SCREENSHOTS = os.environ.get("SWITCHBOARD_SCREENSHOTS", ".data/console-screenshots")
PASSWORD = "correct horse battery"
XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
WAIT = 25  # seconds: the list polls every few seconds when there is no event stream


def http(method, path, body=None, token=ADMIN_TOKEN, headers=None, form=None):
    """(status, headers, parsed JSON or text) of one request to the server."""
    sent = dict(headers or {})
    data = None
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if body is not None:
        sent["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if form is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, answer, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer, raw = error.code, error.headers, error.read()
    text = raw.decode("utf-8", "replace")
    try:
        return status, answer, json.loads(text)
    except ValueError:
        return status, answer, text


def api(method, path, body=None, expect=(200, 201, 204)):
    status, _, answer = http(method, path, body)
    assert status in expect, f"{method} {path}: {status} {answer}"
    return answer


class Wait(WebDriverWait):
    """Waits like WebDriverWait; on a timeout it leaves a screenshot and the page's text for the reader."""

    timeouts = 0

    def until(self, method, message=""):
        try:
            return super().until(method, message)
        except TimeoutException:
            Wait.timeouts += 1
            name = os.path.join(SCREENSHOTS, f"timeout-{Wait.timeouts}")
            self._driver.save_screenshot(name + ".png")
            with open(name + ".txt", "w", encoding="utf-8") as page:
                page.write(self._driver.current_url + "\n\n" + self._driver.find_element(By.TAG_NAME, "body").text)
            raise


def click(driver, element_id, by=By.ID):
    """Clicks the element with this id (or other locator), finding it again if a live update redrew it between
    finding and clicking."""
    def clicked(d):
        try:
            d.find_element(by, element_id).click()
            return True
        except StaleElementReferenceException:
            return False
    Wait(driver, WAIT).until(clicked)


def browser(language="en-US", phone=None):
    """A headless Chromium; `phone=(width, height)` emulates a phone's screen (a window cannot be made that narrow)."""
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1360,900", f"--lang={language}"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    if phone:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": phone[0], "height": phone[1], "pixelRatio": 3, "touch": True}})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


class ConsoleTest(unittest.TestCase):
    """One account: two teams, an agent in each, a web form inbox of the first team, a template."""

    @classmethod
    def setUpClass(cls):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        suffix = uuid.uuid4().hex[:8]
        cls.team_a = api("POST", "/api/v1/teams", {"name": f"Hotline {suffix}"})["id"]
        cls.team_b = api("POST", "/api/v1/teams", {"name": f"Legal {suffix}"})["id"]
        cls.olena_email = f"olena-{suffix}@example.org"
        cls.petro_email = f"petro-{suffix}@example.org"
        cls.olena = api("POST", "/api/v1/agents", {"name": "Olena", "email": cls.olena_email, "role": "agent", "password": PASSWORD})["id"]
        cls.petro = api("POST", "/api/v1/agents", {"name": "Petro", "email": cls.petro_email, "role": "agent", "password": PASSWORD})["id"]
        api("PUT", f"/api/v1/teams/{cls.team_a}/members", {"agent_ids": [cls.olena]})
        api("PUT", f"/api/v1/teams/{cls.team_b}/members", {"agent_ids": [cls.petro]})
        inbox = api("POST", "/api/v1/inboxes", {"name": f"Help form {suffix}", "channel": {"kind": "webform", "config": {}}, "team_id": cls.team_a})
        cls.form_path = urllib.parse.urlparse(inbox["form_url"]).path
        cls.shortcode = f"thanks{suffix}"
        cls.template_body = "Thank you for writing. A counsellor will call you today."
        api("POST", "/api/v1/templates", {"name": "Thanks", "shortcode": cls.shortcode, "body": cls.template_body})
        cls.category = f"Housing {suffix}"
        api("POST", "/api/v1/categories", {"name": cls.category})
        cls.driver = browser()
        cls.wait = Wait(cls.driver, WAIT)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    # --- helpers -----------------------------------------------------------------------------

    def post_form(self, name, message, email=None):
        """A contact writes through the web form, as a browser form post would."""
        email = email or f"{uuid.uuid4().hex[:10]}@example.net"
        status, _, answer = http("POST", self.form_path, token=None, form={"name": name, "email": email, "message": message},
                                 headers={"Accept": "application/json"})
        self.assertIn(status, (200, 201, 303), answer)
        return email

    def conversation_of(self, contact_name):
        page = api("GET", "/api/v1/conversations?" + urllib.parse.urlencode({"q": contact_name, "limit": 10}, quote_via=urllib.parse.quote))
        matching = [item for item in page["items"] if item["contact"]["name"] == contact_name]
        self.assertTrue(matching, f"no conversation of {contact_name}")
        return matching[0]

    def messages(self, conversation_id):
        return api("GET", f"/api/v1/conversations/{conversation_id}/messages?limit=200")["items"]

    def sign_in(self, email, password=PASSWORD, expect_success=True):
        self.driver.get(BASE + "/")
        field = self.wait.until(EC.visibility_of_element_located((By.ID, "signin-email")))
        field.clear()
        field.send_keys(email)
        secret = self.driver.find_element(By.ID, "signin-password")
        secret.clear()
        secret.send_keys(password + Keys.ENTER)
        if expect_success:
            self.wait.until(EC.presence_of_element_located((By.ID, "conversation-list")))

    def sign_out(self):
        self.driver.find_element(By.ID, "signout").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "signin-email")))

    def session_cookie(self):
        cookie = self.driver.get_cookie("switchboard_session")
        return cookie["value"] if cookie else None

    def row(self, conversation_id):
        return self.wait.until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, f'.conversation-row[data-id="{conversation_id}"]')))

    def show_all(self):
        self.driver.find_element(By.ID, "tab-all").click()

    def screenshot(self, name):
        self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}.png"))

    def wait_for(self, condition, what):
        deadline = time.time() + WAIT
        while time.time() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.3)
        self.fail(f"timed out waiting for {what}")

    # --- the scenarios, in order ---------------------------------------------------------------

    def test_1_csp_and_wrong_password(self):
        for path in ["/"]:
            status, headers, page = http("GET", path, token=None)
            self.assertEqual(status, 200)
            self.assertEqual(headers["Content-Security-Policy"], CSP)
        script = page.split('src="', 1)[1].split('"', 1)[0]
        status, headers, _ = http("GET", script, token=None)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Security-Policy"], CSP)

        self.sign_in(self.olena_email, "not the password", expect_success=False)
        error = self.wait.until(lambda driver: driver.find_element(By.ID, "signin-error").text)
        self.assertIn("wrong", error.lower())
        self.assertIsNone(self.session_cookie(), "a wrong password sets no session cookie")
        self.screenshot("sign-in-error")

    def test_2_agent_works_a_conversation(self):
        self.sign_in(self.olena_email)
        self.assertIsNotNone(self.session_cookie())
        # Live updates come from the server's event stream, which takes the session cookie.
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#live-mode[data-mode="stream"]')))
        self.show_all()
        # A contact writes while the list is open: the row appears without a reload.
        marker = self.driver.execute_script("window.__noReload = 1; return 1")
        self.post_form("Halyna Koval", "I need help with my rent, please call me.")
        conversation = self.conversation_of("Halyna Koval")
        row = self.row(conversation["id"])
        self.assertEqual(self.driver.execute_script("return window.__noReload"), marker, "the page was not reloaded")
        self.assertIn("Halyna Koval", row.text)
        self.assertIn("I need help with my rent", row.text)
        row.click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "I need help with my rent"))

        # A template by its shortcode: the picker, the preview, Enter sends it.
        box = self.driver.find_element(By.ID, "composer-text")
        box.send_keys("/" + self.shortcode[:8])
        self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, f'#template-picker [data-shortcode="{self.shortcode}"]')))
        box.send_keys(Keys.ENTER)
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "template-preview"), self.template_body))
        box.send_keys(Keys.ENTER)
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), self.template_body))

        # A private note.
        self.driver.find_element(By.ID, "mode-note").click()
        box = self.driver.find_element(By.ID, "composer-text")
        box.send_keys("Called back, no answer; try again at 3 pm.")
        box.send_keys(Keys.ENTER)
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#message-list .message.note")))

        # A reply with a file.
        self.driver.find_element(By.ID, "mode-reply").click()
        with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="rent-form-", delete=False) as handle:
            handle.write("Application for rent support\n")
            attachment_path = handle.name
        self.driver.find_element(By.ID, "composer-files").send_keys(attachment_path)
        box = self.driver.find_element(By.ID, "composer-text")
        box.send_keys("The application form is attached.", Keys.ENTER)
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#message-list .attachments a")))
        os.unlink(attachment_path)

        # Who the contact is: the panel shows the web form's email.
        self.driver.find_element(By.CSS_SELECTOR, "#contact-panel summary").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "contact-panel"), "@example.net"))
        self.driver.find_element(By.CSS_SELECTOR, "#contact-panel summary").click()

        # The contact's conversations on every channel, one click away.
        self.driver.find_element(By.ID, "contact-history").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "contact-filter"), "Halyna Koval"))
        self.row(conversation["id"])

        # Assign to me, then resolve.
        click(self.driver, "action-assign-me")
        self.wait.until(lambda driver: driver.find_element(By.ID, "action-status").text)
        self.wait_for(lambda: api("GET", f"/api/v1/conversations/{conversation['id']}")["assignee_id"] == self.olena, "the assignment")
        self.screenshot("conversation")
        click(self.driver, "action-resolve")
        self.wait_for(lambda: api("GET", f"/api/v1/conversations/{conversation['id']}")["status"] == "resolved", "resolved")

        # The API shows every change.
        messages = self.messages(conversation["id"])
        replies = [m for m in messages if m["direction"] == "out"]
        self.assertEqual(replies[0]["content"], self.template_body)
        self.assertEqual(replies[0]["sender"]["id"], self.olena)
        self.assertFalse(replies[0]["private"])
        self.assertTrue(replies[1]["private"])
        self.assertEqual(replies[1]["content"], "Called back, no answer; try again at 3 pm.")
        self.assertEqual(replies[2]["content"], "The application form is attached.")
        self.assertEqual(len(replies[2]["attachments"]), 1)
        self.assertTrue(replies[2]["attachments"][0]["name"].startswith("rent-form-"))
        type(self).worked = conversation["id"]

    def test_3_contact_text_is_never_markup(self):
        self.post_form("Mallory <b>bold</b>", XSS)
        conversation = self.conversation_of("Mallory <b>bold</b>")
        self.driver.get(BASE + f"/#/conversations/{conversation['id']}")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), XSS))
        self.assertIn("Mallory <b>bold</b>", self.driver.find_element(By.ID, "conversation-title").text)
        self.assertEqual(self.driver.execute_script("return typeof window.__pwned"), "undefined")
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, '#message-list img[src="x"], #message-list script, #app b'), [])
        self.screenshot("contact-text")

    def test_4_other_team_sees_nothing(self):
        self.sign_out()
        self.sign_in(self.petro_email)
        self.show_all()
        Select(self.driver.find_element(By.ID, "status-filter")).select_by_value("")
        time.sleep(1.5)
        ids = [row.get_attribute("data-id") for row in self.driver.find_elements(By.CSS_SELECTOR, ".conversation-row")]
        self.assertNotIn(str(self.worked), ids)
        self.driver.get(BASE + f"/#/conversations/{self.worked}")
        self.wait.until(EC.presence_of_element_located((By.ID, "not-found")))
        self.assertNotIn("Halyna", self.driver.find_element(By.ID, "conversation-pane").text)
        status, _, _ = http("GET", f"/api/v1/conversations/{self.worked}", token=None,
                            headers={"Cookie": f"switchboard_session={self.session_cookie()}"})
        self.assertEqual(status, 404)

    def test_5_keyboard_only(self):
        self.sign_out()
        self.post_form("Keyboard One", "First of two waiting.")
        self.post_form("Keyboard Two", "Second of two waiting.")
        self.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        self.show_all()
        first = self.conversation_of("Keyboard One")["id"]
        self.row(first)
        body = self.driver.find_element(By.TAG_NAME, "body")
        self.driver.execute_script("document.activeElement.blur()")
        body.send_keys("j")
        self.wait.until(lambda driver: "#/conversations/" in driver.current_url)
        opened = int(self.driver.current_url.rsplit("/", 1)[1])
        body.send_keys("j")
        self.wait.until(lambda driver: driver.current_url.rsplit("/", 1)[1] != str(opened))
        body.send_keys("k")
        self.wait.until(lambda driver: driver.current_url.rsplit("/", 1)[1] == str(opened))
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f'#composer[data-conversation="{opened}"]')))
        body.send_keys("r")
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "composer-text")
        self.driver.switch_to.active_element.send_keys("Answered from the keyboard.", Keys.ENTER)
        self.wait_for(lambda: any(m["content"] == "Answered from the keyboard." for m in self.messages(opened)), "the keyboard reply")
        self.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        body.send_keys("?")
        self.wait.until(EC.visibility_of_element_located((By.ID, "shortcuts")))
        self.screenshot("list")
        self.driver.find_element(By.CSS_SELECTOR, "#shortcuts button").click()

        # The filters come next after the search in the focus order, and open from the keyboard.
        body.send_keys("/")
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "search")
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "filters-toggle")
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "filter-inbox_id")
        self.driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        self.assertIsNone(self.driver.find_element(By.CSS_SELECTOR, ".more-filters").get_attribute("open"), "closed again")

        # The tabs are one stop in the focus order; the arrow keys, Home and End move between them and show each.
        def selected():
            tabs = self.driver.find_elements(By.CSS_SELECTOR, '[role="tab"]')
            self.assertEqual([t.get_attribute("tabindex") for t in tabs].count("0"), 1, "one tab in the focus order")
            chosen = [t.get_attribute("id") for t in tabs if t.get_attribute("aria-selected") == "true"]
            self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), chosen[0], "focus follows the tab")
            return chosen[0]
        self.driver.find_element(By.ID, "tab-all").click()
        self.assertEqual(selected(), "tab-all")
        for key, expected in [(Keys.ARROW_RIGHT, "tab-mine"), (Keys.ARROW_RIGHT, "tab-unassigned"), (Keys.ARROW_LEFT, "tab-mine"),
                              (Keys.ARROW_LEFT, "tab-all"), (Keys.HOME, "tab-mine"), (Keys.END, "tab-all")]:
            self.driver.switch_to.active_element.send_keys(key)
            self.assertEqual(selected(), expected)
        self.row(opened)

    def test_5b_long_history(self):
        conversation = self.conversation_of("Keyboard One")["id"]
        for number in range(1, 61):
            api("POST", f"/api/v1/conversations/{conversation}/messages", {"content": f"Note number {number}.", "private": True})
        self.driver.get(BASE + f"/#/conversations/{conversation}")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "Note number 60."))
        history = self.driver.find_element(By.ID, "message-list")
        self.assertNotIn("First of two waiting.", history.text, "a long history opens at its end, not all at once")
        click(self.driver, "history-more")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "First of two waiting."))
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#message-list .message")), 61)

    def test_5c_admin_pages(self):
        self.driver.find_element(By.ID, "admin-link").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#admin-agents tr")))
        self.wait.until(EC.presence_of_element_located((By.ID, "admin-submit")))
        # The API's 422 is shown at the field it names.
        self.driver.find_element(By.ID, "field-name").send_keys("Iryna")
        self.driver.find_element(By.ID, "field-email").send_keys("not an address")
        self.driver.find_element(By.ID, "admin-submit").click()
        self.wait.until(lambda driver: driver.find_element(By.ID, "field-email-error").text)
        email = f"iryna-{uuid.uuid4().hex[:6]}@example.org"
        field = self.driver.find_element(By.ID, "field-email")
        field.clear()
        field.send_keys(email)
        self.driver.find_element(By.ID, "admin-submit").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "admin-agents"), email))
        self.assertTrue(any(agent["email"] == email for agent in api("GET", "/api/v1/agents")["items"]))

        self.driver.find_element(By.CSS_SELECTOR, 'a[href="#/admin/templates"]').click()
        self.wait.until(EC.presence_of_element_located((By.ID, "admin-templates")))
        self.wait.until(EC.presence_of_element_located((By.ID, "field-shortcode")))
        shortcode = f"callback{uuid.uuid4().hex[:6]}"
        self.driver.find_element(By.ID, "field-name").send_keys("Call back")
        self.driver.find_element(By.ID, "field-shortcode").send_keys(shortcode)
        self.driver.find_element(By.ID, "field-body").send_keys("We will call you back within the hour.")
        self.driver.find_element(By.ID, "admin-submit").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "admin-templates"), shortcode))
        self.assertTrue(any(item["shortcode"] == shortcode for item in api("GET", f"/api/v1/templates?q={shortcode}")["items"]))
        self.screenshot("admin")
        self.driver.find_element(By.CSS_SELECTOR, '.top h1 a').click()
        self.wait.until(EC.presence_of_element_located((By.ID, "conversation-list")))

    def test_5d_filters_counts_and_unread(self):
        self.show_all()
        Select(self.driver.find_element(By.ID, "status-filter")).select_by_value("open")
        email = self.post_form("Unread Ulyana", "Is anyone there?")
        first = self.conversation_of("Unread Ulyana")["id"]
        self.post_form("Filtered Fedir", "About my flat.")
        second = self.conversation_of("Filtered Fedir")["id"]
        api("PATCH", f"/api/v1/conversations/{second}", {"category": self.category})

        # Each tab shows how many it holds, as the API counts them.
        def counted():
            expected = api("GET", "/api/v1/conversations/counts?status=open")
            shown = {tab: self.driver.find_element(By.ID, f"count-{tab}").text for tab in ("mine", "unassigned", "all")}
            return shown == {tab: str(number) for tab, number in expected.items()}
        self.wait_for(counted, "the tab counts")

        # A new conversation is unread; opening it clears the mark; the contact's next message sets it again, live.
        self.wait.until(lambda driver: self.row(first).get_attribute("data-unread") == "true")
        self.row(first)
        click(self.driver, f'.conversation-row[data-id="{first}"]', By.CSS_SELECTOR)
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "Is anyone there?"))
        self.row(second)
        click(self.driver, f'.conversation-row[data-id="{second}"]', By.CSS_SELECTOR)
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "About my flat."))
        self.wait.until(lambda driver: self.row(first).get_attribute("data-unread") == "false")
        self.assertIs(self.conversation_of("Unread Ulyana")["unread"], False, "opening it marked it seen on the server")
        self.post_form("Unread Ulyana", "Hello? Still waiting.", email=email)
        self.wait.until(lambda driver: self.row(first).get_attribute("data-unread") == "true")
        self.assertIn("Hello? Still waiting.", self.row(first).text)

        # Filters by category and channel narrow the list and the counts alike.
        self.driver.find_element(By.ID, "filters-toggle").click()
        Select(self.driver.find_element(By.ID, "filter-category")).select_by_value(self.category)
        self.wait.until(lambda driver: driver.find_element(By.ID, "count-all").text == "1")
        self.wait_for(lambda: [row.get_attribute("data-id") for row in self.driver.find_elements(By.CSS_SELECTOR, ".conversation-row")] == [str(second)],
                      "only the conversation of the category")
        self.screenshot("filters")
        Select(self.driver.find_element(By.ID, "filter-channel")).select_by_value("email")
        self.wait.until(lambda driver: driver.find_element(By.ID, "count-all").text == "0")
        self.driver.find_element(By.ID, "filters-clear").click()
        self.row(first)

    def test_5e_contact_panel(self):
        self.post_form("Panel Petrenko", "Please call me back.")
        conversation = self.conversation_of("Panel Petrenko")
        self.post_form("Panel Duplicate", "It is me again, from my other address.")
        duplicate = self.conversation_of("Panel Duplicate")
        contact = conversation["contact"]["id"]
        api("PATCH", f"/api/v1/contacts/{contact}", {"attributes": {"age": "34", "city": "Lviv"}})
        self.driver.get(BASE + f"/#/conversations/{conversation['id']}")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "Please call me back."))
        self.driver.find_element(By.CSS_SELECTOR, "#contact-panel summary").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "contact-attributes")))

        # The name and the attributes are edited in place; the API keeps what was typed, and a removed one is gone.
        name = self.driver.find_element(By.ID, "contact-name")
        name.clear()
        name.send_keys("Panel Petrenko-Shevchuk", Keys.ENTER)
        self.wait_for(lambda: api("GET", f"/api/v1/contacts/{contact}")["name"] == "Panel Petrenko-Shevchuk", "the new name")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "conversation-title"), "Panel Petrenko-Shevchuk"))
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#contact-attributes .attribute-row")
        city = next(row for row in rows if row.find_element(By.CSS_SELECTOR, ".attribute-key").get_attribute("value") == "city")
        city.find_element(By.CSS_SELECTOR, ".attribute-remove").click()
        self.driver.find_element(By.ID, "contact-attribute-add").click()
        added = self.driver.find_elements(By.CSS_SELECTOR, "#contact-attributes .attribute-row")[-1]
        added.find_element(By.CSS_SELECTOR, ".attribute-key").send_keys("preferred_time")
        added.find_element(By.CSS_SELECTOR, ".attribute-value").send_keys("after 18:00 <b>please</b>")
        self.driver.find_element(By.ID, "contact-attributes-save").click()
        self.wait_for(lambda: api("GET", f"/api/v1/contacts/{contact}")["attributes"] == {"age": "34", "preferred_time": "after 18:00 <b>please</b>"},
                      "the attributes as edited")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "contact-status"), "Saved"))
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#contact-attributes .attribute-row")), 2, "the panel shows what was saved")

        # Merging asks first, with both records named; only the confirmation merges.
        self.driver.find_element(By.CSS_SELECTOR, "#contact-merge summary").click()
        self.driver.find_element(By.ID, "merge-other").send_keys(str(duplicate["contact"]["id"]))
        self.driver.find_element(By.ID, "merge-find").click()
        question = self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#merge-confirm p"))).text
        self.assertIn("Panel Duplicate", question)
        self.assertIn("cannot be undone", question)
        self.assertEqual(api("GET", f"/api/v1/contacts/{duplicate['contact']['id']}", expect=(200,))["id"], duplicate["contact"]["id"],
                         "looking the other record up merged nothing")
        self.screenshot("contact-merge")
        self.driver.find_element(By.ID, "merge-confirm-button").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "contact-status"), "Panel Duplicate was merged"))
        merged = api("GET", f"/api/v1/contacts/{contact}")
        self.assertIn(duplicate["id"], [item["id"] for item in merged["conversations"]])
        status, _, _ = http("GET", f"/api/v1/contacts/{duplicate['contact']['id']}")
        self.assertEqual(status, 404, "the other record is gone")
        self.assertIn(f'#{duplicate["id"]}', self.driver.find_element(By.ID, "other-conversations").text)
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "#contact-panel b"), [], "attributes are text, never markup")
        self.screenshot("contact-panel")

    def test_5f_admin_settings_rules_reports(self):
        api("POST", "/api/v1/rules", {"name": "First rule", "events": ["conversation_created"], "conditions": [],
                                      "actions": [{"type": "add_label", "label": "first"}]})
        api("POST", "/api/v1/rules", {"name": "Second rule", "events": ["conversation_created"], "conditions": [],
                                      "actions": [{"type": "add_label", "label": "second"}]})
        # Olena is signed in on another device; an admin sees the session and signs it out.
        status, headers, _ = http("POST", "/api/v1/auth/session", {"email": self.olena_email, "password": PASSWORD}, token=None)
        self.assertEqual(status, 201)
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        self.assertEqual(http("GET", "/api/v1/auth/session", token=None, headers={"Cookie": cookie})[0], 200)
        self.driver.get(BASE + "/#/admin/agents")
        row = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f'#admin-agents tr[data-id="{self.olena}"]')))
        row.find_element(By.CSS_SELECTOR, ".sessions-cell summary").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"#sessions-{self.olena} .session-revoke"))).click()
        self.wait_for(lambda: http("GET", "/api/v1/auth/session", token=None, headers={"Cookie": cookie})[0] == 401, "the session ended")

        self.driver.get(BASE + "/#/admin/settings")
        self.wait.until(EC.presence_of_element_located((By.ID, "setting-missed_after_minutes")))
        # A bad time zone comes back as the API's 422, shown at its field; a good value is saved.
        zone = self.driver.find_element(By.ID, "setting-time_zone")
        zone.clear()
        zone.send_keys("Mars/Olympus")
        self.driver.find_element(By.ID, "settings-save").click()
        self.wait.until(lambda driver: driver.find_element(By.ID, "setting-time_zone-error").text)
        zone.clear()
        zone.send_keys("Europe/Kyiv")
        missed = self.driver.find_element(By.ID, "setting-missed_after_minutes")
        missed.clear()
        missed.send_keys("45")
        self.driver.find_element(By.ID, "settings-save").click()
        self.wait_for(lambda: api("GET", "/api/v1/account")["missed_after_minutes"] == 45, "the saved setting")
        self.assertEqual(api("GET", "/api/v1/account")["time_zone"], "Europe/Kyiv")

        # Rules move up and down; the API keeps the new order.
        self.driver.get(BASE + "/#/admin/rules")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "admin-rules"), "Second rule"))
        names = lambda: [rule["name"] for rule in api("GET", "/api/v1/rules")["items"]]
        self.assertLess(names().index("First rule"), names().index("Second rule"))
        second = next(rule for rule in api("GET", "/api/v1/rules")["items"] if rule["name"] == "Second rule")
        self.driver.find_element(By.CSS_SELECTOR, f'#admin-rules tr[data-id="{second["id"]}"] .move-up').click()
        self.wait_for(lambda: names().index("Second rule") < names().index("First rule"), "the new order")
        self.wait.until(lambda driver: driver.find_element(By.CSS_SELECTOR, "#admin-rules tr").get_attribute("data-id") == str(second["id"]))

        # Inboxes show their health and how to set their channel up.
        self.driver.get(BASE + "/#/admin/inboxes")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#admin-inboxes .health")))
        self.driver.find_element(By.CSS_SELECTOR, "#admin-inboxes .setup summary").click()
        self.assertIn("form_url", self.driver.find_element(By.CSS_SELECTOR, "#admin-inboxes .setup ol").text)

        # Reports: this period beside the previous, the week's heatmap, a breakdown, export links.
        self.driver.get(BASE + "/#/admin/reports")
        tile = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#report-summary [data-metric="conversations_created"] .tile-value')))
        today = time.strftime("%Y-%m-%d", time.gmtime())
        week_ago = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 6 * 86400))
        summary = api("GET", f"/api/v1/reports/summary?from={week_ago}&to={today}")
        self.assertEqual(tile.text.split()[0], str(summary["conversations_created"]))
        cells = self.driver.find_elements(By.CSS_SELECTOR, "#report-heatmap tbody td")
        self.assertEqual(len(cells), 7 * 24)
        self.assertEqual(sum(int(cell.text or 0) for cell in cells), sum(item["conversations"] for item in
                         api("GET", f"/api/v1/reports/heatmap?from={week_ago}&to={today}")["items"]))
        Select(self.driver.find_element(By.ID, "report-by")).select_by_value("inbox")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "report-breakdown"), "Help form"))
        link = self.driver.find_element(By.ID, "export-csv").get_attribute("href")
        status, headers, body = http("GET", urllib.parse.urlparse(link).path + "?" + urllib.parse.urlparse(link).query)
        self.assertEqual(status, 200)
        self.assertIn("attachment", headers["Content-Disposition"])
        self.screenshot("reports")
        self.driver.get(BASE + "/#/")
        self.wait.until(EC.presence_of_element_located((By.ID, "conversation-list")))

    def test_6_russian_and_sign_out(self):
        language = self.driver.find_element(By.ID, "language")
        language.find_element(By.CSS_SELECTOR, 'option[value="ru"]').click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "tab-mine"), "Мои"))
        self.assertEqual(self.driver.find_element(By.ID, "signout").text, "Выйти")
        self.assertEqual(self.driver.execute_script("return document.documentElement.lang"), "ru")
        self.screenshot("russian")
        language = self.driver.find_element(By.ID, "language")
        language.find_element(By.CSS_SELECTOR, 'option[value="en"]').click()

        token = self.session_cookie()
        self.assertIsNotNone(token)
        # What another site could make the browser send: a form post with the cookie and no CSRF header.
        status, headers, problem = http("POST", f"/api/v1/conversations/{self.worked}/messages", token=None,
                                        headers={"Cookie": f"switchboard_session={token}"}, form={"content": "forged"})
        self.assertEqual(status, 403)
        self.assertEqual(headers["Content-Type"], "application/problem+json")
        self.sign_out()
        self.assertIsNone(self.session_cookie())
        status, _, _ = http("GET", "/api/v1/auth/session", token=None, headers={"Cookie": f"switchboard_session={token}"})
        self.assertEqual(status, 401, "the session ended on the server, not just in the browser")


class PhoneTest(unittest.TestCase):
    """The main flow on a phone-sized screen (390×844): sign in, the list, a conversation, a reply, back."""

    def test_phone_flow(self):
        email = f"phone-{uuid.uuid4().hex[:8]}@example.org"
        maryna = api("POST", "/api/v1/agents", {"name": "Mobile Maryna", "email": email, "role": "supervisor", "password": PASSWORD})["id"]
        inbox = api("POST", "/api/v1/inboxes", {"name": "Phone form", "channel": {"kind": "webform", "config": {}}})
        status, _, _ = http("POST", urllib.parse.urlparse(inbox["form_url"]).path, token=None,
                            form={"name": "Phone Pavlo", "email": f"{uuid.uuid4().hex[:8]}@example.net", "message": "Writing from the bus stop."},
                            headers={"Accept": "application/json"})
        self.assertIn(status, (200, 201, 303))
        driver = browser(phone=(390, 844))
        wait = Wait(driver, WAIT)
        try:
            driver.get(BASE + "/")
            wait.until(EC.visibility_of_element_located((By.ID, "signin-email"))).send_keys(email)
            driver.find_element(By.ID, "signin-password").send_keys(PASSWORD + Keys.ENTER)
            wait.until(EC.presence_of_element_located((By.ID, "conversation-list")))
            self.assertEqual(driver.execute_script("return window.innerWidth"), 390)
            driver.find_element(By.ID, "tab-all").click()
            row = wait.until(lambda d: next((r for r in d.find_elements(By.CSS_SELECTOR, ".conversation-row") if "Phone Pavlo" in r.text), None))
            self.assertTrue(row.is_displayed())
            self.assertFalse(driver.find_element(By.ID, "conversation-pane").is_displayed(), "one pane at a time")
            no_sideways = "return document.documentElement.scrollWidth <= window.innerWidth"
            self.assertTrue(driver.execute_script(no_sideways), "the list fits the width")
            driver.save_screenshot(os.path.join(SCREENSHOTS, "phone-list.png"))
            row.click()
            wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "Writing from the bus stop."))
            self.assertFalse(driver.find_element(By.ID, "list-pane").is_displayed())
            self.assertTrue(driver.execute_script(no_sideways), "the conversation fits the width")
            box = driver.find_element(By.ID, "composer-text")
            box.send_keys("We will call you in ten minutes.", Keys.ENTER)
            wait.until(EC.text_to_be_present_in_element((By.ID, "message-list"), "We will call you in ten minutes."))
            click(driver, "action-assign-me")
            wait.until(lambda d: d.find_element(By.ID, "action-status").text)
            driver.save_screenshot(os.path.join(SCREENSHOTS, "phone-conversation.png"))
            click(driver, "back-to-list")
            wait.until(EC.visibility_of_element_located((By.ID, "conversation-list")))
            conversation = next(item for item in api("GET", "/api/v1/conversations?q=Phone%20Pavlo")["items"])
            replies = [m for m in api("GET", f"/api/v1/conversations/{conversation['id']}/messages")["items"] if m["direction"] == "out"]
            self.assertEqual(replies[-1]["content"], "We will call you in ten minutes.")
            self.assertEqual(conversation["assignee_id"], maryna)
        finally:
            driver.quit()


class TranslationsTest(unittest.TestCase):
    """Every word of the console exists in English, Russian and Ukrainian, and every key the code asks for is there."""

    ASSETS = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "SwitchboardConsole" / "Assets"

    def keys_by_language(self):
        """The keys of each language's table in i18n.js and i18n-more.js (a table runs from `  en: {` to `  },`)."""
        keys = {"en": set(), "ru": set(), "uk": set()}
        for name in ("i18n.js", "i18n-more.js"):
            text = (self.ASSETS / name).read_text(encoding="utf-8")
            for language, body in re.findall(r"^  (en|ru|uk): \{\n(.*?)^  \},", text, flags=re.M | re.S):
                keys[language] |= set(re.findall(r'(?:^\s+|, )"([^"]+)":', body, flags=re.M))
        return keys

    def test_every_language_has_every_key(self):
        keys = self.keys_by_language()
        self.assertGreater(len(keys["en"]), 200)
        self.assertEqual(sorted(keys["en"] - keys["ru"]), [], "missing in Russian")
        self.assertEqual(sorted(keys["en"] - keys["uk"]), [], "missing in Ukrainian")
        self.assertEqual(sorted((keys["ru"] | keys["uk"]) - keys["en"]), [], "missing in English")

    def test_every_key_the_code_asks_for_exists(self):
        english = self.keys_by_language()["en"]
        asked = set()
        for module in self.ASSETS.glob("*.js"):
            asked |= set(re.findall(r'\bt\("([^"]+)"', module.read_text(encoding="utf-8")))
        self.assertGreater(len(asked), 100)
        self.assertEqual(sorted(asked - english), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
