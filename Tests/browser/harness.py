"""What every browser flow shares: a throwaway demo server, a watched browser, signing in, screenshots.

The server is the already-built `seedbed` binary (`scripts/test` builds it) started with `serve --demo` on a free
loopback port, a fresh SQLite file in a temporary folder, the login captcha and the administrators' second factor
switched off — the same way `scripts/api-fuzz` starts it. The browser is Debian's chromium (never a downloaded
one). Every page a flow opens is watched: a console error, an uncaught script error, a request that fails or an
answer of 500 or more fails the step that caused it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

DEMO_PASSWORD = "Demo@2026"
# Passwords the walk sets for accounts it creates (the platform's rules: length, classes, no account name).
NEW_PASSWORD = "Walk#2026pass"


class FlowFailure(AssertionError):
    """A step of a flow went wrong; the message says which step and what was seen."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DemoServer:
    """`seedbed serve --demo` on a fresh database in its own folder, stopped (and the folder removed) on exit."""

    def __init__(self, binary: Path, startup_timeout: float = 300):
        self.binary = binary.resolve()
        self.startup_timeout = startup_timeout
        self.work = Path(tempfile.mkdtemp(prefix="seedbed-browser-server."))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "DemoServer":
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": f"sqlite:{self.work / 'seedbed.sqlite'}",
            "SEEDBED_CAPTCHA": "off",
            "SEEDBED_2FA": "off",
            "SEEDBED_SECRET": "browser-suite-secret-0123456789abcdef",
            # The demo's lists are small: above 1 000 rows an export runs as a background job, as a large one does.
            "SEEDBED_EXPORT_DIRECT_ROWS": "1000",
        })
        self.log = open(self.work / "server.log", "wb")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(self.port)],
            cwd=self.work, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self.wait_until_up()
        except BaseException as error:  # the with-block never starts, so __exit__ would not clean up
            self.__exit__(type(error), error, error.__traceback__)
            raise
        return self

    def wait_until_up(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise FlowFailure(f"the demo server exited ({self.process.returncode})")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise FlowFailure(f"the demo server did not answer /healthz within {self.startup_timeout:.0f} s")

    def tail(self, lines: int = 40) -> str:
        try:
            text = (self.work / "server.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if exc[0] is not None:
            print("---- last lines of the server log ----")
            print(self.tail())
        shutil.rmtree(self.work, ignore_errors=True)


class Watch:
    """Everything wrong a page reported since the last check."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        # Failed requests are judged at the end of a step: a navigation that turned into a download (导出 Excel)
        # is reported as aborted, and is what was asked for.
        self.failed: list[tuple[str, str, str]] = []
        self.downloads: list[str] = []
        # Refusals the current step asked for (Actor.open(path, status=403)): (url, status). Chromium logs a
        # document answered with 4xx as a console error (“Failed to load resource: … status of 403”); that one
        # line, for that URL and status, is what the step wanted, not a problem. Cleared with each step.
        self.expected_refusals: list[tuple[str, int]] = []

    def expected(self, message) -> bool:
        """Whether a console error is the browser's note about a refusal the step asked for (and uses it up)."""
        url = message.location.get("url", "")
        for refusal in self.expected_refusals:
            if url == refusal[0] and message.text.startswith(
                    f"Failed to load resource: the server responded with a status of {refusal[1]} "):
                self.expected_refusals.remove(refusal)
                return True
        return False

    def attach(self, page: Page) -> None:
        page.on("console", lambda m: m.type == "error" and not self.expected(m) and self.problems.append(
            f"console error: {m.text} ({m.location.get('url', '')})"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught script error: {e}"))
        page.on("requestfailed", lambda r: self.failed.append((r.url, f"request failed: {r.method} {r.url} — {r.failure}",
                                                              r.failure or "")))
        page.on("download", lambda d: self.downloads.append(d.url))
        page.on("response", lambda r: r.status >= 500 and self.problems.append(
            f"server error: HTTP {r.status} for {r.request.method} {r.url}"))

        def on_dialog(dialog) -> None:  # confirm() of destructive actions: answer yes, remember the question
            self.dialogs.append(dialog.message)
            dialog.accept()
        page.on("dialog", on_dialog)

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        problems += [text for url, text, failure in self.failed
                     if not (failure == "net::ERR_ABORTED" and url in self.downloads)]
        self.failed, self.downloads, self.expected_refusals = [], [], []
        return problems


class Walk:
    """One run of the suite: the server, the browser, the artefact folder and the step log."""

    def __init__(self, server: DemoServer, browser: Browser, artefacts: Path):
        self.server = server
        self.browser = browser
        self.artefacts = artefacts
        self.steps = 0
        self.started = time.monotonic()

    @contextmanager
    def actor(self, account: str, password: str | None = DEMO_PASSWORD, *,
              expect_path: str = "/workbench") -> Iterator["Actor"]:
        """A fresh browser context signed in as `account` through the real login page; with no password, a
        visitor who is not signed in (`account` only names them in the step log)."""
        context = self.browser.new_context(base_url=self.server.base_url, viewport={"width": 1280, "height": 900},
                                           locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(15_000)
        actor = Actor(self, context, account)
        try:
            if password is not None:
                actor.sign_in(password, expect_path=expect_path)
            yield actor
            late = actor.watch.take()  # reported after the last step's checks (a late script error, a poll)
            if late:
                raise FlowFailure(f"{account}, after the last step: " + "; ".join(late))
        finally:
            context.close()


class Actor:
    """One signed-in person with one tab; `step` names what they do, checks the page and keeps a screenshot."""

    def __init__(self, walk: Walk, context: BrowserContext, account: str):
        self.walk = walk
        self.context = context
        self.account = account
        self.watch = Watch()
        self.page = context.new_page()
        self.watch.attach(self.page)

    def step(self, name: str, action: Callable[[], object] | None = None) -> None:
        """Runs `action`, waits for the page to settle, fails on anything the page reported, keeps a screenshot."""
        self.walk.steps += 1
        label = f"{self.walk.steps:02d} {self.account}: {name}"
        try:
            if action is not None:
                action()
            self.page.wait_for_load_state("load")
        except Exception as error:  # noqa: BLE001 — a failed action is reported as the step's failure
            self.snapshot(label + " (failed)")
            seen = "".join(f"\n  the page also reported: {problem}" for problem in self.watch.take())
            raise FlowFailure(f"step “{label}” failed: {error}{seen}") from error
        problems = self.watch.take()
        self.snapshot(label if not problems else label + " (failed)")
        if problems:
            raise FlowFailure(f"step “{label}”: " + "; ".join(problems))
        elapsed = time.monotonic() - self.walk.started
        print(f"  ok {label}  [{elapsed:5.1f} s]", flush=True)

    def snapshot(self, label: str) -> None:
        name = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", label).strip("-")[:120] + ".png"
        try:
            self.page.screenshot(path=str(self.walk.artefacts / name), full_page=True)
        except Exception:  # noqa: BLE001 — a missing screenshot must not hide the real failure
            pass

    # Shortcuts for what every flow does.

    def open(self, path: str, *, status: int | None = None) -> None:
        """Goes to `path`, which must answer below 400 — or exactly `status` when the step means to be refused
        (403 to a pending enterprise): then the browser's console note about that one refusal is not a problem."""
        if status is not None:
            self.watch.expected_refusals.append((self.walk.server.base_url + path, status))
        response = self.page.goto(path)
        answered = response.status if response else None
        if status is not None:
            if answered != status:
                raise FlowFailure(f"{path} answered {answered or 'nothing'}, not the expected {status}")
        elif answered is None or answered >= 400:
            raise FlowFailure(f"{path} answered {answered or 'nothing'}")

    def sign_in(self, password: str, *, expect_path: str) -> None:
        page = self.page

        def submit() -> None:
            self.open("/login")
            expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
            page.get_by_label("账号").fill(self.account)
            page.get_by_label("密码").fill(password)
            page.get_by_role("button", name="登 录").click()
            page.wait_for_url(re.compile(re.escape(expect_path) + r"(\?|$)"))
        self.step(f"signs in (→ {expect_path})", submit)

    def flash(self, text: str) -> None:
        """The page's flash message contains `text`."""
        expect(self.page.locator(".flash").first).to_contain_text(text)

    def main(self):
        return self.page.locator("main")


def run_walk(binary: Path, chromium: str, artefacts: Path, flows: list[tuple[str, str, Callable[[Walk], None]]]) -> None:
    with DemoServer(binary) as server, sync_playwright() as playwright:
        print(f"==> demo server on {server.base_url} (data in {server.work})", flush=True)
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            walk = Walk(server, browser, artefacts)
            for key, title, flow in flows:
                print(f"==> {key} — {title}", flush=True)
                flow(walk)
        finally:
            browser.close()
