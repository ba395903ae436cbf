"""The catalogue page in headless Chromium: renders, is keyboard-usable, and search works by typing.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and ``selenium``;
skipped with the reason when one is missing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from stadtdaten.catalog.local import LocalCatalog
from stadtdaten.catalog.server.app import make_server, serve_in_thread
from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import find_datasets, load_dataset

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bielefeld"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="stadtdaten-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not find_datasets(EXAMPLES):
        pytest.skip("examples/bielefeld has no datasets yet")
    work = tmp_path_factory.mktemp("browser")
    catalog = LocalCatalog.open(work / "catalog")
    for path in find_datasets(EXAMPLES):
        catalog.upsert_dataset(load_dataset(path))
    server = make_server(work / "catalog", load_config(start=EXAMPLES), "127.0.0.1", 0, "de")
    serve_in_thread(server)
    yield server.service.public_url
    server.shutdown()
    server.server_close()


def test_home_page_renders_and_search_by_typing(browser, site: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site + "/?lang=de")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    shot = tmp_path / "home.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000, "the screenshot looks empty"
    # keyboard: the first Tab reaches the skip link
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    field = browser.find_element(By.ID, "q")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=q]").text
    field.send_keys("baum")
    field.send_keys(Keys.ENTER)
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "Treffer" in heading and "baum" in heading
    results = browser.find_elements(By.CSS_SELECTOR, "ul.results li a")
    assert any("baum" in r.text.lower() or "bäum" in r.text.lower() for r in results)
    browser.save_screenshot(str(tmp_path / "search.png"))


def test_dataset_page_in_english(browser, site: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    first = browser.find_elements(By.CSS_SELECTOR, "ul.results li a")[0]
    first.click()
    browser.get(browser.current_url.split("?")[0] + "?lang=en")
    captions = [c.text for c in browser.find_elements(By.TAG_NAME, "caption")]
    assert "About this dataset" in captions
    assert any(c.startswith("Data dictionary") for c in captions)
