"""The console's first load, measured in a real headless Chromium against a running `switchboard serve`.

    SWITCHBOARD_URL=http://127.0.0.1:8080 SWITCHBOARD_EMAIL=admin@example.org SWITCHBOARD_PASSWORD=switchboard \
        .data/venv/bin/python benchmarks/console_load.py [reloads]

Signs in once, then reloads the page `reloads` times (default 20) with an empty cache each time and prints, from
the browser's own timings: the bytes of HTML, CSS and JavaScript the first load fetched (as sent, and
uncompressed) and the time from navigation start until the conversation list has its first row (median, p90,
max). The list's moment is taken by a MutationObserver installed before the page's own scripts run.
"""

import os
import statistics
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["SWITCHBOARD_URL"].rstrip("/")
OBSERVER = """
new MutationObserver((changes, observer) => {
  if (document.querySelector('#conversation-list .conversation-row, #conversation-list .empty')) {
    window.__listShownAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def main():
    reloads = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1360,900"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    try:
        driver.get(BASE + "/")
        WebDriverWait(driver, 20).until(EC.visibility_of_element_located((By.ID, "signin-email"))).send_keys(os.environ["SWITCHBOARD_EMAIL"])
        driver.find_element(By.ID, "signin-password").send_keys(os.environ["SWITCHBOARD_PASSWORD"] + Keys.ENTER)
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "conversation-list")))
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        times = []
        for _ in range(reloads):
            driver.get(BASE + "/")
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.__listShownAt"))
            times.append(driver.execute_script("return window.__listShownAt"))
        entries = driver.execute_script("""
            const navigation = performance.getEntriesByType('navigation')[0];
            return [navigation, ...performance.getEntriesByType('resource')]
              .filter((entry) => !entry.name.includes('/api/'))
              .map((entry) => [entry.name, entry.transferSize, entry.decodedBodySize]);
        """)
    finally:
        driver.quit()
    sent = sum(entry[1] for entry in entries)
    whole = sum(entry[2] for entry in entries)
    times.sort()
    print(f"first load: {len(entries)} files, {whole / 1024:.1f} KB uncompressed, {sent / 1024:.1f} KB as sent (with headers)")
    print(f"navigation start -> list shown over {len(times)} reloads: median {statistics.median(times):.0f} ms, "
          f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms, max {times[-1]:.0f} ms")


if __name__ == "__main__":
    main()
