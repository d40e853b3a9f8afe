"""The search page in a real headless browser: Debian's chromium driven through selenium
(chromedriver), against the real `kb serve` on loopback. Search, filters, a whole unit,
ask mode, copy-citation buttons, Indonesian labels, phone width, keyboard only, and
hostile document text shown as text.

CI installs chromium and chromium-driver (`.ci/run`); elsewhere the tests are skipped
when the browser is missing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import make_slice_home
from serving import KbServer, chromium_paths

pytestmark = pytest.mark.slow

HOSTILE_TITLE = 'Hostile <img src=x onerror="window.__pwned=1"> MoU'
HOSTILE_TEXT = """MEMORANDUM OF UNDERSTANDING ON HOSTILE MARKUP
(a fictional document written for kb's tests)

Article 1
Saffron lighthouse <script>window.__pwned=2</script> keepers <b>shall</b> be paid <img src=x onerror="window.__pwned=3"> weekly.

Article 2
Saffron lighthouse keepers keep their own passports.
"""


def _driver(browser: str, driver_path: str, profile: Path, width: int = 1280, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=opts)


@pytest.fixture(scope="module")
def site(tmp_path_factory, slice_kb):
    paths = chromium_paths()
    if paths is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are missing: .ci/run installs them")
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    base = tmp_path_factory.mktemp("serve-page")
    kb = make_slice_home(base / "home", cache_from=slice_kb.settings.indexes_dir / "cache")
    hostile = base / "hostile.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    kb.add(hostile, id="mou-hostile", title=HOSTILE_TITLE, family="bilateral", language="en",
           citation='Hostile <b>MoU</b> (2021)', parties=["IDN", "XXH"], date="2021-01-01")
    kb.index()
    with KbServer(kb.settings.home, log=base / "serve.log") as srv:
        driver = _driver(*paths, profile=base / "chromium-profile")
        try:
            yield srv, driver, base
        finally:
            driver.quit()
    assert "Traceback" not in srv.output(), srv.output()


def open_page(site, query: str = ""):
    srv, driver, _ = site
    driver.get(srv.url + "/" + query)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    return driver


def wait(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def results(driver):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, "#result-list article.hit")


def search(driver, query: str, mode: str = "search"):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.find_element(By.CSS_SELECTOR, f"input[name=mode][value={mode}]").click()
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query)
    driver.execute_script("document.getElementById('status').textContent = ''")
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_element(By.ID, "status").text.strip()
         and not d.find_element(By.ID, "status").text.endswith("\u2026"))


def shot(site, name: str) -> None:
    _, driver, base = site
    driver.save_screenshot(str(base / f"{name}.png"))


def test_page_loads_offline_with_a_search_form(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    form = driver.find_element(By.CSS_SELECTOR, "form[role=search]")
    box = form.find_element(By.ID, "q")
    label = driver.find_element(By.CSS_SELECTOR, "label[for=q]")
    assert label.text and box.get_attribute("name") == "q"
    assert driver.switch_to.active_element == box  # the search box has focus
    origin = site[0].url
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(origin) for u in loaded), loaded  # nothing from outside
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_api_docs_render_offline(site):
    from selenium.webdriver.common.by import By

    srv, driver, _ = site
    driver.get(srv.url + "/docs")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock")) >= 6)
    text = driver.find_element(By.CSS_SELECTOR, ".swagger-ui").text
    assert "/search" in text and "/ask" in text and "/units/{citation}" in text
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(srv.url) for u in loaded), loaded
    shot(site, "docs")


def test_search_shows_citation_status_passage_and_copy_button(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    search(driver, "recruitment fees domestic workers")
    hits = results(driver)
    assert len(hits) >= 3
    first = hits[0]
    citation = first.find_element(By.CSS_SELECTOR, "h3").text
    assert "para." in citation or "art." in citation or "Pasal" in citation
    assert first.find_element(By.CSS_SELECTOR, ".badge").text
    marks = first.find_elements(By.CSS_SELECTOR, "blockquote.match mark")
    assert marks and {m.text.lower() for m in marks} & {"recruitment", "fees", "domestic", "workers"}
    copy = first.find_element(By.CSS_SELECTOR, "button.copy")
    assert copy.get_attribute("data-citation") == citation.split(".", 1)[1].strip()  # the citation, rank removed
    copy.click()  # a real click: the copy runs with user activation
    wait(driver, lambda d: "Citation copied" in d.find_element(By.ID, "status").text
         or "Copy failed" in d.find_element(By.ID, "status").text)
    shot(site, "search")


def half_words_marked(driver) -> list[str]:
    """Marks that stop inside a word ("fee|s"), with the next few characters."""
    return driver.execute_script(
        "return [...document.querySelectorAll('mark')]"
        ".filter(m => m.nextSibling && /^[\\p{L}\\p{N}]/u.test(m.nextSibling.textContent || ''))"
        ".map(m => m.textContent + '|' + m.nextSibling.textContent.slice(0, 5))")


def test_whole_words_are_marked(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    search(driver, "recruitment fee domestic worker")  # singular: the texts say "fees", "workers"
    marks = [m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, "#result-list mark")]
    assert "fees" in marks and "workers" in marks, marks
    assert half_words_marked(driver) == []


def test_repealed_law_is_flagged(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    search(driver, "pelatihan bahasa selama tiga bulan")
    repealed = [h for h in results(driver) if h.get_attribute("data-doc-id") == "perda-contoh"]
    assert repealed
    badge = repealed[0].find_element(By.CSS_SELECTOR, ".badge.repealed")
    assert badge.is_displayed() and badge.text.startswith("Repealed")


def test_repealed_law_names_the_provision_that_replaced_it(site, full_kb, tmp_path):
    """On the whole mirror, UU 39/2004 (repealed by UU 18/2017) is flagged with the
    provision of UU 18/2017 that replaced the unit (the search JSON's `successor`)."""
    from selenium.webdriver.common.by import By

    _, driver, _ = site
    with KbServer(full_kb.settings.home, log=tmp_path / "serve-full.log") as full:
        driver.get(full.url + "/?q=biaya+penempatan+TKI+dibebankan")
        wait(driver, lambda d: results(d))
        repealed = [h for h in results(driver) if h.get_attribute("data-doc-id") == "uu-39-2004"]
        assert repealed
        badge = repealed[0].find_element(By.CSS_SELECTOR, ".badge.repealed").text
        assert badge.startswith("Repealed by UU No. 18 Tahun 2017"), badge
        assert "replaced by UU No. 18 Tahun 2017, Pasal " in badge, badge
        assert all(h.find_element(By.CSS_SELECTOR, ".badge").text == "In force"
                   for h in results(driver) if h.get_attribute("data-doc-id") == "uu-18-2017")


def test_filters(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = open_page(site)
    driver.find_element(By.CSS_SELECTOR, "#filters summary").click()
    Select(driver.find_element(By.ID, "f-family")).select_by_value("committee")
    search(driver, "training migrant workers pelatihan tenaga kerja")
    hits = results(driver)
    assert hits and {h.get_attribute("data-family") for h in hits} == {"committee"}
    Select(driver.find_element(By.ID, "f-family")).select_by_value("")
    docs = Select(driver.find_element(By.ID, "f-doc"))
    values = [o.get_attribute("value") for o in docs.options]
    assert {"uu-6-2012", "cmw-gc-1", "mou-example"} <= set(values)
    docs.select_by_value("uu-6-2012")
    search(driver, "training migrant workers pelatihan tenaga kerja")
    assert {h.get_attribute("data-doc-id") for h in results(driver)} == {"uu-6-2012"}
    docs.select_by_value("")
    Select(driver.find_element(By.ID, "f-language")).select_by_value("id")
    search(driver, "training migrant workers pelatihan tenaga kerja")
    assert {h.get_attribute("data-language") for h in results(driver)} == {"id"}
    Select(driver.find_element(By.ID, "f-language")).select_by_value("")
    Select(driver.find_element(By.ID, "f-party")).select_by_value("XXL")
    search(driver, "placement fee passport")
    assert {h.get_attribute("data-doc-id") for h in results(driver)} == {"mou-example"}
    Select(driver.find_element(By.ID, "f-party")).select_by_value("")
    driver.find_element(By.ID, "f-in-force").click()
    search(driver, "pelatihan bahasa selama tiga bulan")
    assert "perda-contoh" not in {h.get_attribute("data-doc-id") for h in results(driver)}
    assert "in_force=true" in driver.current_url  # the search is linkable
    shot(site, "filters")


def test_open_a_whole_unit(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    search(driver, "Saffron lighthouse keepers paid weekly")
    first = results(driver)[0]
    toggle = first.find_element(By.CSS_SELECTOR, "button.toggle")
    unit = driver.find_element(By.ID, toggle.get_attribute("aria-controls"))
    assert toggle.get_attribute("aria-expanded") == "false" and not unit.is_displayed()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and unit.is_displayed()
    assert unit.find_elements(By.CSS_SELECTOR, "mark.passage")
    toggle.click()
    assert not unit.is_displayed()


def test_hostile_document_text_is_shown_as_text(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    search(driver, "Saffron lighthouse keepers paid weekly")
    first = results(driver)[0]
    assert first.get_attribute("data-doc-id") == "mou-hostile"
    first.find_element(By.CSS_SELECTOR, "button.toggle").click()
    assert "<b>MoU</b>" in first.find_element(By.CSS_SELECTOR, "h3").text
    assert '<img src=x onerror="window.__pwned=1">' in first.find_element(By.CSS_SELECTOR, ".meta").text
    assert "<script>window.__pwned=2</script>" in first.text
    assert not first.find_elements(By.CSS_SELECTOR, "img, script, b")
    assert driver.execute_script("return window.__pwned") is None
    shot(site, "hostile")


def test_ask_mode_shows_quotes_and_sources(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    search(driver, "Should States ban recruitment fees charged to domestic workers?", mode="ask")
    assert driver.find_element(By.ID, "answer").is_displayed()
    assert not driver.find_element(By.ID, "results").is_displayed()
    quotes = driver.find_elements(By.CSS_SELECTOR, "#answer-body blockquote.quote")
    assert quotes
    sources = driver.find_elements(By.CSS_SELECTOR, "#source-list li.source")
    assert sources and all(s.find_element(By.CSS_SELECTOR, "button.copy").get_attribute("data-citation")
                           for s in sources)
    link = quotes[0].find_element(By.CSS_SELECTOR, "a")
    target = link.get_attribute("href").split("#", 1)[1]
    assert driver.find_element(By.ID, target).find_element(By.CSS_SELECTOR, "h4").text
    assert driver.find_element(By.ID, "submit").text == "Ask"
    assert driver.find_elements(By.CSS_SELECTOR, "#answer-body mark") and half_words_marked(driver) == []
    shot(site, "ask")
    # a question naming a document that is not indexed: the answer says so first, and how to get it
    search(driver, "What does article 22 of the Convention say about expulsion?", mode="ask")
    notes = driver.find_elements(By.CSS_SELECTOR, "#answer-body .answer-note[data-code=missing-document]")
    assert notes and "kb corpus fetch icrmw" in notes[0].text, driver.find_element(By.ID, "answer").text[:500]


def test_indonesian_labels(site):
    from selenium.webdriver.common.by import By

    driver = open_page(site)
    driver.find_element(By.CSS_SELECTOR, "button.lang[data-lang=id]").click()
    try:
        assert driver.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "id"
        assert driver.find_element(By.CSS_SELECTOR, "label[for=q]").text == "Cari dalam peraturan atau ajukan pertanyaan"
        assert driver.find_element(By.ID, "submit").text == "Cari"
        search(driver, "pelatihan bahasa selama tiga bulan")
        assert "hasil" in driver.find_element(By.ID, "status").text
        hits = results(driver)
        assert hits[0].find_element(By.CSS_SELECTOR, "button.toggle").text == "Tampilkan seluruh unit"
        assert hits[0].find_element(By.CSS_SELECTOR, "button.copy").text == "Salin rujukan"
        repealed = [h for h in hits if h.get_attribute("data-doc-id") == "perda-contoh"]
        assert repealed and repealed[0].find_element(By.CSS_SELECTOR, ".badge").text.startswith("Dicabut")
        shot(site, "indonesian")
    finally:
        driver.find_element(By.CSS_SELECTOR, "button.lang[data-lang=en]").click()


def test_phone_width_has_no_horizontal_scroll(site):
    from selenium.webdriver.common.by import By

    _, driver, _ = site
    driver.set_window_size(375, 800)
    try:
        open_page(site, "?q=recruitment+fees+domestic+workers")
        wait(driver, lambda d: results(d))
        results(driver)[0].find_element(By.CSS_SELECTOR, "button.toggle").click()
        driver.find_element(By.CSS_SELECTOR, "#filters summary").click()
        width = driver.execute_script("return document.documentElement.clientWidth")
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= width, (scroll, width)
        box = driver.find_element(By.ID, "q").rect
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        shot(site, "phone")
        search(driver, "Should States ban recruitment fees charged to domestic workers?", mode="ask")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        shot(site, "phone-ask")
    finally:
        driver.set_window_size(1280, 1000)


def test_keyboard_only(site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = open_page(site)
    keys = ActionChains(driver)
    active = lambda: driver.switch_to.active_element  # noqa: E731
    assert active().get_attribute("id") == "q"
    keys.send_keys("Saffron lighthouse keepers").send_keys(Keys.ENTER).perform()
    wait(driver, lambda d: results(d))
    # Tab through the form to the first result's "whole unit" button, by keyboard alone
    for _ in range(40):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        el = active()
        outline = driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", el)
        assert outline != "none", el.get_attribute("outerHTML")[:120]  # visible focus on everything reached
        if "toggle" in (el.get_attribute("class") or ""):
            break
    else:
        pytest.fail("the whole-unit button was not reachable with Tab")
    unit = driver.find_element(By.ID, el.get_attribute("aria-controls"))
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert el.get_attribute("aria-expanded") == "true" and unit.is_displayed()
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    assert el.get_attribute("aria-expanded") == "false"
    # backwards from the search box: the language buttons, then the skip link (shown on focus)
    driver.find_element(By.ID, "q").click()
    back = lambda: ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()  # noqa: E731
    back()
    assert active().get_attribute("data-lang") == "en"
    back()
    assert active().get_attribute("data-lang") == "id"
    back()
    skip = active()
    assert skip.get_attribute("class") == "skip" and skip.is_displayed() and skip.rect["x"] >= 0
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.current_url.endswith("#results")
    time.sleep(0.1)
    radio = driver.find_element(By.CSS_SELECTOR, "input[name=mode][value=search]")
    driver.execute_script("arguments[0].focus()", radio)
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    assert driver.find_element(By.CSS_SELECTOR, "input[name=mode][value=ask]").is_selected()
    assert driver.find_element(By.ID, "submit").text == "Ask"
