"""The main flow of each demo role, walked through the real pages in the order a working day would take them.

Accounts are the demo ones (README); the administrator also creates a county account (甘井子区) that the
annual-report walk then uses, because the demo has no county account in 大连. The registration walk creates its
own enterprise account (walk-register) through 企业注册, in 大连高新区 so that dlgxq reviews it.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path
from typing import Callable

from playwright.sync_api import expect

from harness import NEW_PASSWORD, Actor, FlowFailure, Walk

ENTERPRISE = "大连海创智能科技有限公司"  # ent-demo's enterprise, in 大连高新区 (so 大连高新区 reviews its basic info)
COUNTY_ACCOUNT = "gjz-walk"
COUNTY_CODE = "210211"  # 甘井子区, 大连市


def menu(actor: Actor, title: str) -> None:
    """Follows a sidebar entry. An entry's accessible name may carry its badge after the title ("基本信息审核
    待审核 3 件"), so the name is matched from its start up to a space or its end."""
    name = re.compile("^" + re.escape(title) + r"(\s|$)")
    actor.page.get_by_role("navigation", name="功能菜单").get_by_role("link", name=name).click()


def status_banner(actor: Actor):
    return actor.page.locator(".status-banner").first


# MARK: 系统管理员 — create a user, reset its password; the user signs in with it and must change it.

def admin(walk: Walk) -> None:
    with walk.actor("admin") as a:
        page = a.page
        a.step("opens 用户管理", lambda: (menu(a, "用户管理"), expect(page.locator("main h1")).to_contain_text("用户")))

        a.step("opens 新增用户", lambda: page.get_by_role("link", name="新增用户").click())

        passwords: list[str] = []

        def shown_password() -> str:
            password = page.locator("code.secret").inner_text().strip()
            if len(password) < 8:
                raise FlowFailure(f"the temporary password shown is too short: {password!r}")
            return password

        def create() -> None:
            page.get_by_label("账号").fill(COUNTY_ACCOUNT)
            page.get_by_label("姓名").fill("甘井子区审核员")
            page.get_by_label("角色").select_option(label="区县管理部门")
            page.get_by_label("行政区划代码（省/市/区县用户）").fill(COUNTY_CODE)
            page.get_by_role("button", name="创建用户").click()
            expect(page.locator("main h1")).to_have_text("用户已创建")
            passwords.append(shown_password())
        a.step(f"creates the county account {COUNTY_ACCOUNT} (区县管理部门, {COUNTY_CODE})", create)

        def open_user() -> None:
            menu(a, "用户管理")
            page.get_by_label("搜索").fill(COUNTY_ACCOUNT)
            page.get_by_role("button", name="查询").click()
            page.wait_for_url(re.compile(r"q="))
            row = page.locator("table.data tbody tr", has_text=COUNTY_ACCOUNT).first
            row.get_by_role("link").first.click()
            expect(page.locator("main h1")).to_contain_text(COUNTY_ACCOUNT)
        a.step("finds the new account in 用户管理 and opens it", open_user)

        def reset() -> None:
            asked = len(a.watch.dialogs)
            page.get_by_role("button", name="重置密码").click()
            expect(page.locator("main h1")).to_have_text("密码已重置")
            if len(a.watch.dialogs) != asked + 1 or "重置" not in a.watch.dialogs[-1]:
                raise FlowFailure(f"重置密码 did not ask for confirmation first (dialogs: {a.watch.dialogs})")
            passwords.append(shown_password())
            if passwords[1] == passwords[0]:
                raise FlowFailure("the reset gave the same temporary password")
        a.step("resets its password (confirming the browser's question)", reset)
        second = passwords[1]

    # The reset password opens the account, and only to change it.
    with walk.actor(COUNTY_ACCOUNT, second, expect_path="/account/password") as c:
        page = c.page

        def change() -> None:
            page.get_by_label("当前密码").fill(second)
            page.get_by_label(re.compile(r"^新密码")).fill(NEW_PASSWORD)
            page.get_by_label("确认新密码").fill(NEW_PASSWORD)
            page.get_by_role("button", name="保存新密码").click()
            page.wait_for_url(re.compile(r"/workbench"))
            c.flash("密码已修改")
            expect(page.locator("main")).to_contain_text("区县管理部门")
        c.step("must change the temporary password, and does", change)


# MARK: 企业 — basic info filed, returned by 大连高新区, resubmitted, approved.

def fill_profile_and_submit(e: Actor, text: str) -> None:
    page = e.page

    def first_step() -> None:
        menu(e, "基本信息填报")
        expect(page.locator("main h1")).to_have_text("企业基本信息填报")
        page.get_by_label("企业简介").fill(text)
        page.get_by_role("button", name="下一步").click()
        page.wait_for_url(re.compile(r"/my/basic-info\?step=1$"))
        expect(page.locator("nav.steps li.current")).to_contain_text("创新人员")
    e.step("edits 企业简介 on step 1 and goes on (下一步)", first_step)

    def second_step() -> None:
        page.get_by_role("button", name="下一步").click()
        page.wait_for_url(re.compile(r"/my/basic-info\?step=2$"))
        expect(page.locator("nav.steps li.current")).to_contain_text("体系认定")
    e.step("step 2 → step 3 (下一步)", second_step)

    def submit() -> None:
        page.get_by_role("button", name="提交审核").click()
        page.wait_for_url(re.compile(r"/my/basic-info$"))
        e.flash("已提交，等待审核")
        expect(status_banner(e)).to_contain_text("提交待审核")
    e.step("submits (提交审核)", submit)


def open_in_queue(r: Actor, menu_title: str, enterprise: str) -> None:
    """Finds one enterprise's filing in a review queue through the query bar and opens it."""
    page = r.page
    menu(r, menu_title)
    page.get_by_label("搜索").fill(enterprise)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"q="))
    page.locator("table.data tbody").get_by_role("link", name=enterprise).first.click()
    expect(page.locator("main h1")).to_contain_text(enterprise)


def submission_round(r: Actor) -> int:
    """The 提交轮次 a review page shows."""
    found = re.search(r"提交轮次\s*第\s*(\d+)\s*轮", r.page.locator("main").inner_text())
    if not found:
        raise FlowFailure("the review page shows no 提交轮次")
    return int(found.group(1))


def decide(r: Actor, verdict: str, opinion: str = "") -> None:
    """Opens the 审核 dialog from the page header, chooses a verdict, writes the opinion, confirms."""
    page = r.page
    dialog = page.locator("dialog.review-dialog")
    expect(dialog).to_be_hidden()
    page.locator("main .page-actions").get_by_role("button", name="审核").click()
    expect(dialog).to_be_visible()
    dialog.get_by_label(verdict, exact=True).check()
    if opinion:
        dialog.get_by_label("审核意见").fill(opinion)
    dialog.get_by_role("button", name="确定").click()
    r.flash("已" + verdict)


def enterprise(walk: Walk) -> None:
    stamp = time.strftime("%H%M%S")
    reason = f"请补充主营业务的核心技术说明（浏览器测试 {stamp}）"
    with walk.actor("ent-demo") as e:
        fill_profile_and_submit(e, f"第一次提交：智能装备研发与制造（{stamp}）。")

    rounds: list[int] = []
    with walk.actor("dlgxq") as z:
        z.step("opens its filing in 基本信息审核", lambda: (open_in_queue(z, "基本信息审核", ENTERPRISE),
                                                        rounds.append(submission_round(z))))
        z.step("returns it (审核 dialog → 退回修改, with a reason)", lambda: decide(z, "退回修改", reason))

    with walk.actor("ent-demo") as e:
        page = e.page

        def sees_return() -> None:
            menu(e, "基本信息填报")
            expect(status_banner(e)).to_contain_text("退回修改")
            expect(page.locator("main")).to_contain_text(reason)
        e.step("sees 退回修改 and the reviewer's reason", sees_return)
        fill_profile_and_submit(e, f"第二次提交：补充了核心技术说明——工业机器人视觉定位（{stamp}）。")

    with walk.actor("dlgxq") as z:
        def resubmitted() -> None:
            open_in_queue(z, "基本信息审核", ENTERPRISE)
            if submission_round(z) != rounds[0] + 1:
                raise FlowFailure(f"the resubmission shows round {submission_round(z)}, not {rounds[0] + 1}")
        z.step("opens the resubmitted filing (one 提交轮次 later)", resubmitted)
        z.step("approves it (审核 dialog → 通过)", lambda: decide(z, "通过"))

    with walk.actor("ent-demo") as e:
        def approved() -> None:
            menu(e, "基本信息填报")
            expect(status_banner(e)).to_contain_text("审核通过")
            expect(e.page.get_by_label("企业简介")).to_have_value(re.compile("第二次提交"))
        e.step("sees 审核通过 with the resubmitted text", approved)


# MARK: 审核员 — the 审核 dialog, 上一条/下一条; 年报 county → city, in a province's city and in a municipality.

def approve_first_pending_annual_report(r: Actor) -> str:
    """Opens the first 年报 waiting for this reviewer, walks 下一条/上一条, approves it with the dialog; its name."""
    page = r.page
    r.step("opens 年报数据审核", lambda: menu(r, "年报数据审核"))
    rows = page.locator("table.data tbody tr")
    if rows.count() < 2:
        raise FlowFailure(f"{r.account} has {rows.count()} annual reports waiting; the walk needs two")
    name = rows.first.get_by_role("link").first.inner_text().strip()
    second = rows.nth(1).get_by_role("link").first.inner_text().strip()

    r.step(f"opens the first one ({name})", lambda: (rows.first.get_by_role("link").first.click(),
                                                     expect(page.locator("main h1")).to_contain_text(name)))
    first_url = page.url

    def next_one() -> None:
        page.locator("main .page-actions").get_by_role("link", name="下一条").click()
        expect(page.locator("main h1")).to_contain_text(second)
    r.step("下一条 shows the second row of the queue", next_one)

    def previous_one() -> None:
        page.locator("main .page-actions").get_by_role("link", name="上一条").click()
        expect(page.locator("main h1")).to_contain_text(name)
        if page.url != first_url:
            raise FlowFailure(f"上一条 led to {page.url}, not back to {first_url}")
    r.step("上一条 comes back to the first", previous_one)

    def cancel() -> None:
        page.locator("main .page-actions").get_by_role("button", name="审核").click()
        dialog = page.locator("dialog.review-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.get_by_label("审核意见")).to_be_visible()
        dialog.get_by_role("button", name="取消").click()
        expect(dialog).to_be_hidden()
    r.step("opens the 审核 dialog and cancels it", cancel)

    def approve() -> None:
        decide(r, "通过", "数据完整，同意。")
        # The decision moves on to the next filing of the queue (seed 004 §2.1).
        expect(page.locator("main h1")).not_to_contain_text(name)
    r.step("approves it in the dialog and lands on the next one", approve)
    return name


def city_approves(walk: Walk, account: str, name: str, county_label: str) -> None:
    with walk.actor(account) as city:
        page = city.page

        def waiting() -> None:
            menu(city, "年报数据审核")
            row = page.locator("table.data tbody tr", has_text=name)
            expect(row).to_have_count(1)
            expect(row).to_contain_text("审核中")
        city.step(f"finds {name} (passed by {county_label}) waiting at the city level", waiting)
        city.step("opens it", lambda: (page.locator("table.data tbody").get_by_role("link", name=name).first.click(),
                                        expect(page.locator("main h1")).to_contain_text(name)))
        city.step("approves it in the 审核 dialog", lambda: decide(city, "通过", "同意。"))

        def done() -> None:
            menu(city, "年报数据查询")
            page.get_by_label("搜索").fill(name)
            page.get_by_role("button", name="查询").click()
            page.wait_for_url(re.compile(r"q="))
            expect(page.locator("table.data tbody tr", has_text=name).first).to_contain_text("审核通过")
        city.step("年报数据查询 shows it 审核通过", done)


def annual_reports(walk: Walk) -> None:
    # A municipality: 渝北区 then 重庆市, whose bureau acts at the city level.
    with walk.actor("yubei") as county:
        chongqing_name = approve_first_pending_annual_report(county)
    city_approves(walk, "chongqing", chongqing_name, "渝北区")

    # A province's city: 甘井子区 (the account the administrator created) then 大连市.
    with walk.actor(COUNTY_ACCOUNT, NEW_PASSWORD) as county:
        dalian_name = approve_first_pending_annual_report(county)
    city_approves(walk, "dalian", dalian_name, "甘井子区")


# MARK: 分析 — 企业总览 drill-down and a donut segment, an export; a background job with its progress bar.

def overview_total(a: Actor) -> int:
    return int(a.page.locator(".overview-total").inner_text().replace(",", ""))


def analyst(walk: Walk) -> None:
    with walk.actor("dalian") as a:
        page = a.page
        a.step("opens 企业总览", lambda: menu(a, "企业总览"))
        whole = overview_total(a)
        if whole <= 0:
            raise FlowFailure("企业总览 of 大连市 counts no enterprise")

        def drill() -> None:
            page.locator("svg#region-ranking a.chart-link", has=page.locator("title", has_text="甘井子区")).first.click()
            page.wait_for_url(re.compile(r"region=210211"))
            expect(page.locator("nav.breadcrumbs")).to_contain_text("甘井子区")
        a.step("drills down to 甘井子区 by clicking its bar", drill)
        county = overview_total(a)
        if not 0 < county < whole:
            raise FlowFailure(f"甘井子区 counts {county} of 大连市's {whole}")

        def donut() -> None:
            segment = page.locator("svg.chart-donut a.chart-link").first
            label = segment.get_attribute("aria-label") or ""
            segment.click()
            page.wait_for_url(re.compile(r"region=210211.*&|&.*region=210211"))
            expected = int(re.search(r"：(\d+)家", label).group(1)) if re.search(r"：(\d+)家", label) else None
            if expected is not None and overview_total(a) != expected:
                raise FlowFailure(f"the segment “{label}” promised {expected}, the page counts {overview_total(a)}")
        a.step("clicks a donut segment (SVG), which filters the whole page", donut)
        filtered = overview_total(a)
        if not 0 < filtered <= county:
            raise FlowFailure(f"the donut filter left {filtered} of {county}")

        def export() -> None:
            with page.expect_download() as info:
                page.locator("main").get_by_role("button", name="导出 Excel").first.click()
            download = info.value
            target = walk.artefacts / f"overview-{download.suggested_filename}"
            download.save_as(target)
            if not zipfile.is_zipfile(target):
                raise FlowFailure(f"the export {download.suggested_filename} is not an .xlsx (zip) file")
        a.step("exports the filtered list (导出 Excel, a POST) and gets an .xlsx", export)

    with walk.actor("torch") as t:
        page = t.page
        polls: list[str] = []
        page.on("request", lambda r: re.search(r"/jobs/\d+/status$", r.url) and polls.append(r.url))
        t.step("opens 企业信息查询 (every enterprise in the country)", lambda: menu(t, "企业信息查询"))
        shown_running: list[bool] = []

        def start_export() -> None:
            page.locator("main").get_by_role("button", name="导出 Excel").first.click()
            page.wait_for_url(re.compile(r"/jobs/\d+$"))
            expect(page.locator("#job h1")).to_contain_text("导出")
            shown_running.append(page.locator("#job").get_attribute("data-finished") == "0")
        t.step("exports it (导出 Excel): too many rows to send at once, so a job starts", start_export)

        def export_finishes() -> None:
            expect(page.locator("#job .badge")).to_have_text(re.compile("已完成|失败"), timeout=120_000)
            expect(page.locator("#job .badge")).to_have_text("已完成")
            expect(page.locator("#job progress")).to_have_attribute("value", "100")
            if shown_running[0] and not polls:
                raise FlowFailure("the job page never asked /jobs/N/status: app.js did not poll the progress")
        t.step("the progress bar (polled by app.js) runs to 已完成", export_finishes)

        def download() -> None:
            with page.expect_download() as info:
                page.get_by_role("link", name="下载文件").click()
            target = walk.artefacts / f"job-{info.value.suggested_filename}"
            info.value.save_as(target)
            if not zipfile.is_zipfile(target):
                raise FlowFailure(f"the job's file {info.value.suggested_filename} is not an .xlsx (zip) file")
        t.step("downloads the job's file (下载文件)", download)

        t.step("opens 积分计算", lambda: menu(t, "积分计算"))

        def start() -> None:
            page.get_by_role("button", name="开始计算").click()
            page.wait_for_url(re.compile(r"/jobs/\d+$"))
            expect(page.locator("#job")).to_be_visible()
        t.step("starts a scoring run (开始计算) and lands on its job page", start)

        def finish() -> None:
            # app.js polls /jobs/N/status, moves the progress bar and reloads once the job is done.
            expect(page.locator("#job .badge")).to_have_text(re.compile("已完成|失败"), timeout=120_000)
            expect(page.locator("#job .badge")).to_have_text("已完成")
            expect(page.locator("#job progress")).to_have_attribute("value", "100")
        t.step("the progress bar runs to 已完成", finish)


# MARK: 企业注册 — a visitor registers (cascade, licence, consent), is held at 注册待审核, is returned by the zone,
# refiles through /my/registration's steps with the zone and the cascade kept, and is approved.

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(first17: str) -> str:
    """A 统一社会信用代码 with its GB 32100 check character (as SeedbedDomain's USCC computes it)."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_CHARSET[(31 - total % 31) % 31]


REG_USCC = uscc("91210211MA0BW7QK3")  # 大连市甘井子区, 工商; not a demo code (the demo's come from its seed)
REG_NAME = "大连浏览器测试新材料有限公司"
REG_NAME_CORRECTED = "大连浏览器测试新材料科技有限公司"
REG_ACCOUNT = "walk-register"
REG_ZONE = "大连高新技术产业园区"  # so 大连高新区 (dlgxq) reviews the registration
REG_REGION = ("辽宁省", "大连市", "甘井子区")


def licence_pdf(folder: Path) -> Path:
    """A small one-page PDF, the 营业执照 the visitor uploads (kept with the screenshots)."""
    body = [b"%PDF-1.4\n", b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n",
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"]
    offsets, at = [], 0
    for part in body:
        offsets.append(at)
        at += len(part)
    xref = b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets[1:])
    path = folder / "registration-营业执照.pdf"
    path.write_bytes(b"".join(body) + xref + b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % at)
    return path


def region_picks(actor: Actor) -> tuple[str, str, str]:
    """What the 注册地 cascade's three selects show chosen."""
    field = actor.page.locator(".region-cascade")
    return tuple(field.get_by_role("combobox", name=label).evaluate(
        "s => s.selectedIndex > 0 ? s.options[s.selectedIndex].text : ''") for label in ("省份", "城市", "区县"))


def menu_titles(actor: Actor) -> list[str]:
    return [t.strip() for t in actor.page.get_by_role("navigation", name="功能菜单").get_by_role("link").all_inner_texts()]


def registration(walk: Walk) -> None:
    stamp = time.strftime("%H%M%S")
    reason = f"营业执照上的企业名称为“{REG_NAME_CORRECTED}”，请按执照修改（浏览器测试 {stamp}）"
    licence = licence_pdf(walk.artefacts)

    with walk.actor("visitor", None) as v:
        page = v.page

        def opens() -> None:
            v.open("/login")
            page.get_by_role("link", name=re.compile("注册")).first.click()
            page.wait_for_url(re.compile(r"/register$"))
            expect(page.get_by_role("heading", name="企业注册")).to_be_visible()
        v.step("opens 企业注册 from the login page", opens)

        def fill() -> None:
            code = page.get_by_label("统一社会信用代码")
            code.fill(REG_USCC[:17] + ("0" if REG_USCC[17] != "0" else "1"))
            expect(page.locator(".uscc-feedback")).to_contain_text("校验位应为")  # app.js checks as one types
            code.fill(REG_USCC)
            expect(page.locator(".uscc-feedback")).to_have_text("校验通过")
            page.get_by_label("企业名称").fill(REG_NAME)
            region = page.locator(".region-cascade")
            for label, choice in zip(("省份", "城市", "区县"), REG_REGION):
                region.get_by_role("combobox", name=label).select_option(label=choice)
            expect(page.get_by_label("注册地")).to_have_value(COUNTY_CODE)  # the cascade fills the code
            page.get_by_label("所属高新区").select_option(label=REG_ZONE)
            page.get_by_label("营业执照").set_input_files(licence)
            page.get_by_label(re.compile(r"^联系人\s*\*?$")).fill("王小测")  # not 联系人手机
            page.get_by_label("联系人手机").fill("13900001234")
            page.get_by_label("电子邮箱").fill("walk@example.com")
            page.get_by_label("登录账号").fill(REG_ACCOUNT)
            page.get_by_label("登录密码").fill(NEW_PASSWORD)
            page.get_by_label("确认密码").fill(NEW_PASSWORD)
            page.get_by_label("我已阅读并同意《知情同意书》").check()
        v.step("fills the form: 信用代码 (checked live), 注册地 through 省 → 市 → 区县, 高新区, 营业执照 PDF, 同意书", fill)

        def submit() -> None:
            page.get_by_role("button", name="提交注册").click()
            page.wait_for_url(re.compile(r"/my/registration$"))
            v.flash("注册信息已提交")
            expect(status_banner(v)).to_contain_text("提交待审核")
        v.step("submits (提交注册) and lands, signed in, on 注册进度", submit)

        def held() -> None:
            v.open("/workbench")
            expect(page.locator("main")).to_contain_text("注册待审核")
            titles = menu_titles(v)
            if "注册进度" not in titles or "基本信息填报" in titles:
                raise FlowFailure(f"a pending enterprise's menu should offer 注册进度 and no 基本信息填报: {titles}")
        v.step("the workbench shows 注册待审核; the menu offers 注册进度, not 基本信息填报", held)

        def refused() -> None:
            v.open("/my/basic-info", status=403)
            expect(page.locator("main")).to_contain_text("审核通过后才能使用此功能")
            page.get_by_role("link", name="查看注册进度").click()
            page.wait_for_url(re.compile(r"/my/registration$"))
            expect(page.locator("main h1")).to_contain_text("企业注册审核")
        v.step("/my/basic-info typed in answers 403 with the reason and 查看注册进度, which leads there", refused)

    with walk.actor("dlgxq") as z:
        z.step("finds the registration in 注册审核 and opens it", lambda: open_in_queue(z, "注册审核", REG_NAME))
        z.step("returns it (审核 dialog → 退回修改, with a reason)", lambda: decide(z, "退回修改", reason))

    with walk.actor(REG_ACCOUNT, NEW_PASSWORD) as e:
        page = e.page

        def sees_return() -> None:
            menu(e, "注册进度")
            expect(status_banner(e)).to_contain_text("退回修改")
            expect(page.locator("main")).to_contain_text(reason)
            expect(page.locator("nav.steps li.current")).to_contain_text("企业信息")
        e.step("opens 注册进度: 退回修改 with the reviewer's reason", sees_return)

        def kept() -> None:
            zone = page.get_by_label("所属高新区")
            chosen = zone.evaluate("s => s.options[s.selectedIndex].text")
            if chosen != REG_ZONE:
                raise FlowFailure(f"所属高新区 shows “{chosen}”, not the zone on file ({REG_ZONE})")
            expect(page.locator(".region-cascade select")).to_have_count(3)
            expect(page.locator(".region-cascade").get_by_role("combobox", name="区县")).not_to_have_value("")
            if region_picks(e) != REG_REGION:
                raise FlowFailure(f"注册地 shows {'/'.join(region_picks(e)) or 'no choice'}, not {'/'.join(REG_REGION)}")
            page.get_by_label("企业名称").fill(REG_NAME_CORRECTED)
        e.step(f"所属高新区 keeps {REG_ZONE}, 注册地 is the cascade at {'/'.join(REG_REGION)}; corrects 企业名称", kept)

        def next_step(number: int, group: str) -> Callable[[], None]:
            def go() -> None:
                page.get_by_role("button", name="下一步").click()
                page.wait_for_url(re.compile(rf"/my/registration\?step={number}$"))
                expect(page.locator("nav.steps li.current")).to_contain_text(group)
            return go
        e.step("下一步 → step 2 (联系人与账号)", next_step(1, "联系人与账号"))
        e.step("下一步 → step 3 (知情同意)", next_step(2, "知情同意"))

        def resubmit() -> None:
            page.get_by_role("button", name="提交审核").click()
            page.wait_for_url(re.compile(r"/my/registration$"))
            e.flash("已提交，等待审核")
            expect(status_banner(e)).to_contain_text("提交待审核")
        e.step("resubmits (提交审核)", resubmit)

    with walk.actor("dlgxq") as z:
        def resubmitted() -> None:
            # The queue lists the name on file, which approval replaces with the corrected one.
            open_in_queue(z, "注册审核", REG_NAME)
            if submission_round(z) != 2:
                raise FlowFailure(f"the resubmission shows round {submission_round(z)}, not 2")
            filed = z.main().locator("section", has=z.page.get_by_role("heading", name="企业信息", exact=True))
            expect(filed.locator("dt", has_text=re.compile(r"^企业名称$")).locator("+ dd")).to_have_text(REG_NAME_CORRECTED)
        z.step("opens the resubmitted registration (提交轮次 2), showing the corrected name", resubmitted)
        z.step("approves it (审核 dialog → 通过)", lambda: decide(z, "通过", "材料齐全，同意注册。"))

    with walk.actor(REG_ACCOUNT, NEW_PASSWORD) as e:
        page = e.page

        def approved() -> None:
            titles = menu_titles(e)
            if "基本信息填报" not in titles or "注册进度" in titles:
                raise FlowFailure(f"an approved enterprise's menu should offer 基本信息填报, not 注册进度: {titles}")
            menu(e, "基本信息填报")
            expect(page.locator("main h1")).to_have_text("企业基本信息填报")
            expect(page.get_by_label("企业名称")).to_have_value(REG_NAME_CORRECTED)
        e.step("approved: the full menu; 基本信息填报 opens with the corrected 企业名称", approved)


# MARK: 梯度培育 — ent-demo from the digital self-assessment to a 创新型中小企业 recognition (M2, M3, M6, M8).

def answer_every_step(e: Actor) -> None:
    """Answers each step of the questionnaire with its best options (the last of each single choice, every box of a
    multiple choice), going on with 下一步 and ending with 提交."""
    page = e.page
    for _ in range(12):
        form = page.locator("main form.stacked")
        for group in form.locator("fieldset.field").all():
            radios = group.locator("input[type=radio]")
            if radios.count():
                radios.last.check()
            boxes = group.locator("input[type=checkbox]")
            for index in range(boxes.count()):
                boxes.nth(index).check()
        following = form.get_by_role("button", name="下一步")
        if following.count():
            following.click()
            e.flash("已暂存")
            continue
        form.get_by_role("button", name="提交", exact=True).click()
        return
    raise FlowFailure("the questionnaire never offered 提交")


def cultivation(walk: Walk) -> None:
    with walk.actor("ent-demo") as e:
        page = e.page

        def home() -> None:
            menu(e, "工作台")
            expect(page.locator("#home-messages")).to_contain_text("企业最新消息")
            expect(page.locator("#home-digital")).to_contain_text("评测等级")
            expect(page.locator("#home-applications")).to_contain_text("创新型中小企业申报")
            expect(page.locator("#home-recognitions")).to_contain_text("暂无有效认定")
        e.step("工作台: latest messages, digital level, open windows, no recognition yet", home)

        def assess() -> None:
            menu(e, "数字化水平评测")
            page.locator("main").get_by_role("button", name=re.compile("重新评测|去自评|继续填写")).first.click()
            e.flash("已开始评测")
            answer_every_step(e)
            e.flash("评测已提交：100分，四级")
            expect(page.locator("main")).to_contain_text("四级")
        e.step("数字化水平评测: retakes it step by step (下一步 … 提交) and reaches 四级", assess)

        def resubmit() -> None:
            menu(e, "企业申报")
            page.get_by_role("link", name="继续申报").first.click()
            expect(page.locator("main")).to_contain_text("退回修改")
            expect(page.locator("main")).to_contain_text("提交前自评核验")
            page.get_by_label("拥有自主研发的Ⅰ类知识产权").select_option(label="是")
            page.get_by_role("button", name="提交", exact=True).click()
            e.flash("已提交，等待审核")
        e.step("企业申报: revises the returned 创新型中小企业 application and resubmits it", resubmit)

    for account, level in (("dalian", "市级"), ("liaoning", "省级")):
        with walk.actor(account) as r:
            def review() -> None:
                open_in_queue(r, "创新型中小企业审核", ENTERPRISE)
                expect(r.page.locator("main")).to_contain_text("创新型中小企业评价")
                decide(r, "通过")
            r.step(f"{level} opens it in 创新型中小企业审核 (the evaluator's check beside the data) and approves it",
                   review)

    with walk.actor("ent-demo") as e:
        page = e.page

        def recognised() -> None:
            menu(e, "工作台")
            recognitions = page.locator("#home-recognitions")
            expect(recognitions).to_contain_text("创新型中小企业")
            expect(recognitions).to_contain_text(re.compile(r"CX21\d{9}"))
            menu(e, "我的消息")
            expect(page.locator("main")).to_contain_text("认定通知")
        e.step("recognised: the certificate on 工作台 and a 认定通知 in 我的消息", recognised)


# MARK: 定向政策推送 — 内容管理 sets a condition on a policy, 大连 pushes it to its matching enterprises, ent-demo reads
# the 政策推送 message and sees in 政策匹配 why it matches, and what it would match with other numbers.

POLICY = "大连市科技型中小企业研发费用补助"


def policy(walk: Walk) -> None:
    with walk.actor("admin") as a:
        page = a.page

        def open_policy() -> None:
            menu(a, "内容管理")
            page.locator("#query-bar-form").get_by_label("标题").fill("研发费用补助")
            page.locator("#query-bar-form").get_by_role("button", name="查询").click()
            page.get_by_role("link", name=POLICY).click()
            expect(page.locator("main h1")).to_have_text("编辑内容")
            page.locator("main").get_by_role("link", name="适用条件").click()
            expect(page.locator("main h1")).to_contain_text("适用条件：" + POLICY)
        a.step(f"内容管理: opens {POLICY} and its 适用条件", open_policy)

        def refused() -> None:
            page.get_by_label("条件类型").select_option(label="研发费用占比")
            page.get_by_role("button", name="选择类型").click()
            page.get_by_label("数值（%）").fill("三")
            # The refused form answers 422, which the browser notes in its console: expected here.
            a.watch.expected_refusals.append((page.url.split("?")[0], 422))
            page.get_by_role("button", name="添加条件").click()
            expect(page.locator("main")).to_contain_text("不是有效的数字")
        a.step("a threshold typed in words is refused in Chinese, nothing saved", refused)

        def add_field() -> None:
            page.get_by_label("条件类型").select_option(label="技术领域")
            page.get_by_role("button", name="选择类型").click()
            page.get_by_role("button", name="添加条件").click()
            a.flash("已添加条件")
            expect(page.locator("main")).to_contain_text("技术领域属于国家重点支持的高新技术领域")
        a.step("adds 技术领域 (any of the eight) as a condition", add_field)

    with walk.actor("dalian") as d:
        page = d.page

        def matches() -> None:
            menu(d, "政策匹配企业")
            page.get_by_role("row", name=re.compile(POLICY)).get_by_role("link", name="匹配企业").click()
            expect(page.locator("main h1")).to_contain_text("匹配企业：" + POLICY)
            expect(page.locator("main")).to_contain_text(ENTERPRISE)
        d.step("政策匹配企业: the policy's matching enterprises in 大连, ent-demo's among them", matches)

        def push() -> None:
            page.locator("main").get_by_role("button", name="推送").click()
            d.flash("此前已推送 0 家")
            expect(page.locator(".flash").first).to_contain_text(re.compile(r"已推送 [1-9]\d* 家"))
        d.step("推送 (confirmed): every matching enterprise is messaged once", push)

        def again() -> None:
            page.locator("main").get_by_role("button", name="推送").click()
            d.flash("已推送 0 家")
        d.step("a second 推送 sends nothing new", again)

    with walk.actor("ent-demo") as e:
        page = e.page

        def message() -> None:
            menu(e, "我的消息")
            expect(page.locator("main")).to_contain_text("政策推送：" + POLICY)
        e.step("我的消息: the 政策推送 message", message)

        def why() -> None:
            menu(e, "政策匹配")
            main = page.locator("main")
            expect(main).to_contain_text("符合的政策")
            card = page.locator(".policy-match", has_text=POLICY)
            expect(card).to_contain_text("符合：注册地在辽宁省大连市")
            expect(card).to_contain_text("技术领域属于国家重点支持的高新技术领域")
            expect(page.locator(".policy-match", has_text="研发投入强度跃升奖励")).to_contain_text("尚缺")
        e.step("政策匹配: why the pushed policy matches, and what another one still lacks", why)

        def simulate() -> None:
            page.get_by_label("研发费用（万元）").fill("100000")
            page.get_by_role("button", name="获取政策推荐").click()
            expect(page.locator("main")).to_contain_text("未保存任何数据")
            expect(page.locator(".policy-match", has_text="研发投入强度跃升奖励")).to_contain_text("符合：")
        e.step("模拟测算: a larger R&D expense, the result changes and nothing is saved", simulate)

# MARK: 待办事项 — 辽宁省 publishes a to-do to 大连市's bureau, dalian sees the floating notice, opens the to-do and
# uploads its file (已完成), and liaoning sees 大连市 under 已完成 and downloads every upload as one zip.

def todo(walk: Walk) -> None:
    import datetime
    stamp = time.strftime("%H%M%S")
    title = f"高新技术企业培育材料报送（浏览器测试 {stamp}）"
    deadline = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    upload = walk.artefacts / "todo-大连市培育材料.pdf"
    upload.write_bytes(licence_pdf(walk.artefacts).read_bytes())

    with walk.actor("liaoning") as p:
        page = p.page

        def draft() -> None:
            menu(p, "待办发布")
            expect(page.locator("main h1")).to_contain_text("待办发布")
            page.get_by_role("link", name="新建待办").click()
            page.get_by_label("待办名称").fill(title)
            page.get_by_label("待办说明").fill("请上传本市高新技术企业培育工作材料（PDF）。")
            page.get_by_label("截止日期").fill(deadline)
            page.get_by_label("市级管理部门").check()
            page.get_by_label("接收地区").select_option(label="大连市")
            page.get_by_role("button", name="预览接收单位").click()
            expect(page.locator(".todo-preview")).to_contain_text("将发送给 1 个接收单位")
            expect(page.locator(".todo-preview")).to_contain_text("大连市")
        p.step("新建待办: 市级管理部门 in 大连市, 预览接收单位 shows one recipient", draft)

        def publish() -> None:
            page.get_by_role("button", name="发布", exact=True).click()
            p.flash("已发布给 1 个接收单位")
            expect(page.locator("main h1")).to_contain_text(title)
            expect(page.locator("main")).to_contain_text("未完成 1 个")
        p.step("发布: the 完成情况 page lists 大连市 as not completed", publish)

    with walk.actor("dalian") as r:
        page = r.page

        def notice() -> None:
            menu(r, "我的待办")
            box = page.locator("#todo-notice")
            expect(box).to_be_visible()
            expect(box).to_contain_text("待办未完成")
            expect(box.get_by_role("link", name="去完成")).to_be_visible()
            box.get_by_role("button", name="关闭").click()
            expect(box).to_be_hidden()
        r.step("我的待办: the floating notice of open to-dos (去完成), closed with 关闭", notice)

        def open_todo() -> None:
            page.get_by_role("link", name=title).first.click()
            expect(page.locator("main")).to_contain_text("请上传本市高新技术企业培育工作材料")
            expect(page.locator("main")).to_contain_text("辽宁")
        r.step("opens the to-do: its details", open_todo)

        def complete() -> None:
            page.get_by_label("上传文件").set_input_files(str(upload))
            page.get_by_role("button", name="上传", exact=True).click()
            r.flash("已上传，待办已完成")
            expect(page.locator("main")).to_contain_text("已完成")
            expect(page.locator("main")).to_contain_text("todo-大连市培育材料.pdf")
        r.step("上传: the to-do becomes 已完成", complete)

    with walk.actor("liaoning") as p:
        page = p.page

        def completed() -> None:
            menu(p, "待办发布")
            page.get_by_role("link", name=title).first.click()
            page.get_by_role("link", name="已完成", exact=True).click()
            expect(page.locator("main table")).to_contain_text("大连市")
            expect(page.locator("main")).to_contain_text("已完成 1 个")
        p.step("完成情况: 大连市 under 已完成", completed)

        def download() -> None:
            with page.expect_download() as info:
                page.get_by_role("link", name="下载全部附件").click()
            target = walk.artefacts / "todo-全部附件.zip"
            info.value.save_as(target)
            with zipfile.ZipFile(target) as archive:
                names = archive.namelist()
            if names != ["辽宁省大连市_todo-大连市培育材料.pdf"]:
                raise FlowFailure(f"the zip holds {names}")
        p.step("下载全部附件: one zip, the upload named after 大连市 and its file", download)


# (key, title, flow), in the order they run; `annual-reports` uses the account `admin` creates.
# MARK: 金融超市 — ent-demo applies for 大连银行's 知识产权质押贷 (refused without consent, then with it), the bank 受理s and
# 放款s it, and ent-demo reads 已放款 in its messages and its 金融超市.

def finance(walk: Walk) -> None:
    product = "知识产权质押贷"

    with walk.actor("ent-demo") as e:
        page = e.page

        def market() -> None:
            menu(e, "金融超市")
            expect(page.locator("main h1").first).to_have_text("金融超市")
            expect(page.locator("main")).to_contain_text(product)
            expect(page.locator("main")).not_to_contain_text("高企成长贷")  # 下架
        e.step("金融超市: the banks' 上架 products, a 下架 one absent", market)

        def conditions() -> None:
            page.get_by_role("row", name=re.compile("投贷联动成长贷")).get_by_role("link", name="查看并申请").click()
            expect(page.locator("main")).to_contain_text("本产品要求进入竞跑榜及以上，贵企业未进入榜单")
            menu(e, "金融超市")
        e.step("a product whose 榜单 condition ent-demo misses says why", conditions)

        def refused() -> None:
            page.get_by_role("row", name=re.compile(product)).get_by_role("link", name="查看并申请").click()
            expect(page.locator("main")).to_contain_text("贵企业最新创新积分")
            page.get_by_label("申请金额（万元）").fill("200")
            page.get_by_label("资金用途").fill("采购研发设备（浏览器测试）")
            e.watch.expected_refusals.append((page.url.split("?")[0], 422))
            page.get_by_role("button", name="提交申请").click()
            expect(page.locator("main")).to_contain_text("申请须同意向大连银行股份有限公司授权查询本企业的创新积分")
        e.step("提交申请 without the consent box is refused in Chinese", refused)

        def apply() -> None:
            page.get_by_label(re.compile("我同意向大连银行股份有限公司授权")).check()
            page.get_by_role("button", name="提交申请").click()
            e.flash("申请已提交")
            expect(page.locator("main")).to_contain_text("已提交")
        e.step("with consent: 已提交", apply)

    with walk.actor("bank") as b:
        page = b.page

        def open_application() -> None:
            menu(b, "融资申请")
            expect(page.locator("main h1")).to_contain_text("融资申请（大连银行股份有限公司）")
            row = page.get_by_role("row", name=re.compile(product)).filter(has_text="已提交").filter(has_text=ENTERPRISE)
            row.get_by_role("link", name="办理").click()
            expect(page.locator("main")).to_contain_text("企业创新积分（已授权）")
        b.step("融资申请: ent-demo's application with its consented score", open_application)

        def accept() -> None:
            page.locator("main").get_by_role("button", name="受理", exact=True).click()
            b.flash("已受理")
            expect(page.locator("main")).to_contain_text("已受理")
        b.step("受理 (confirmed)", accept)

        def disburse() -> None:
            page.get_by_label("放款金额（万元）").fill("200")
            page.get_by_role("button", name="确认放款").click()
            b.flash("已放款")
            expect(page.locator("main")).to_contain_text("放款 200 万元")
        b.step("放款 200 万元", disburse)

    with walk.actor("ent-demo") as e:
        page = e.page

        def outcome() -> None:
            menu(e, "我的消息")
            expect(page.locator("main")).to_contain_text("融资申请已放款")
            menu(e, "金融超市")
            row = page.get_by_role("row", name=re.compile(product)).filter(has_text="放款 200 万元")
            expect(row).to_contain_text("已放款")
        e.step("我的消息 and 我的融资申请: 已放款", outcome)


def ip(walk: Walk) -> None:
    with walk.actor("visitor", password=None) as v:
        page = v.page

        def public_counts() -> None:
            page.goto("/ip")
            expect(page.locator("main h1").first).to_have_text("知识产权公共服务")
            page.get_by_label("企业名称").fill(ENTERPRISE)
            page.get_by_role("button", name="查询").click()
            row = page.get_by_role("row", name=re.compile(ENTERPRISE))
            expect(row).to_have_count(1)
            # 发明 2 · 实用新型 3 · 外观 1 · 软著 2 · 商标 1 · 合计 9 (a lapsed and a pending patent not counted).
            expect(row.locator("td")).to_have_text([ENTERPRISE, re.compile("大连"), "2", "3", "1", "2", "1", "9"])
            page.get_by_label("知识产权类型").select_option(label="软件著作权")
            page.get_by_role("button", name="查询").click()
            expect(page.get_by_role("row", name=re.compile(ENTERPRISE))).to_have_count(1)
        v.step("公开的知识产权统计: search by name, filter by kind, no sign-in", public_counts)

    with walk.actor("ent-demo") as e:
        page = e.page

        def own_records() -> None:
            menu(e, "我的知识产权")
            expect(page.locator("main h1").first).to_have_text("我的知识产权")
            expect(page.locator("main")).to_contain_text("有效知识产权数量")
            page.get_by_label("类型", exact=True).select_option(label="软件著作权")
            page.get_by_role("button", name="查询").click()
            records = page.locator("main table.data").last.locator("tbody tr")
            expect(records).to_have_count(2)
            expect(records.first).to_contain_text("SR")
        e.step("我的知识产权: counts by kind, its own records, filtered to 软件著作权", own_records)

    with walk.actor("dlgxq") as g:
        page = g.page

        def government() -> None:
            menu(g, "知识产权数据")
            expect(page.locator("main h1").first).to_have_text("知识产权数据")
            page.get_by_label("搜索").fill(ENTERPRISE)
            page.get_by_role("button", name="查询").click()
            expect(page.locator("main")).to_contain_text(ENTERPRISE)
        g.step("知识产权数据 within the zone's scope, searchable", government)


FLOWS = [
    ("admin", "系统管理员: create a user, reset its password", admin),
    ("enterprise", "企业 + 高新区: basic info → 退回修改 → resubmit → 通过", enterprise),
    ("annual-reports", "审核: 年报 county → city (重庆 municipality, 大连), 上一条/下一条, the dialog", annual_reports),
    ("analyst", "分析: 企业总览 drill-down, donut, export; background jobs with their progress bar", analyst),
    ("registration", "企业注册 + 高新区: register → 注册待审核 → 退回修改 → refile by steps → 通过", registration),
    ("cultivation", "梯度培育: 数字化水平评测 → 创新型中小企业申报 → 市级 → 省级 → 认定通知", cultivation),
    ("policy", "定向政策推送: 适用条件 → 匹配企业 → 推送 → 政策推送 message → 政策匹配 with 模拟测算", policy),
    ("finance", "金融超市: ent-demo applies with consent → bank 受理, 放款 → ent-demo sees 已放款", finance),
    ("ip", "知识产权公共服务: the public counts by name and kind → ent-demo's 我的知识产权 → 大连高新区's 知识产权数据", ip),
    ("todo", "待办事项: 辽宁省 publishes to 大连市 → floating notice → 上传 (已完成) → 完成情况 → 下载全部附件 (zip)", todo),
]
