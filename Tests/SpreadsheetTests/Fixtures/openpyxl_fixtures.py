#!/usr/bin/env python3
"""openpyxl's side of the Spreadsheet tests.

  openpyxl_fixtures.py make DIR       write workbooks with openpyxl into DIR, and DIR/expected.json with
                                      the value of every cell as the Swift reader should see it
  openpyxl_fixtures.py inspect FILE   print, as JSON, what openpyxl sees in a workbook: values, styles,
                                      panes, filters, validations, comments, defined names, sheet states
"""
import datetime
import json
import os
import sys

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def encode(value, formulas_are_text=False):
    """A cell value as the Swift tests compare it: [kind, value]."""
    if value is None or value == "":
        return ["empty", None]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", value]
    if isinstance(value, float):
        if value.is_integer() and abs(value) <= 2 ** 53:
            return ["int", int(value)]
        return ["num", value]
    if isinstance(value, datetime.datetime):
        if value.hour == value.minute == value.second == 0:
            return ["date", value.strftime("%Y-%m-%d")]
        return ["date", value.strftime("%Y-%m-%d %H:%M:%S")]
    if isinstance(value, datetime.date):
        return ["date", value.strftime("%Y-%m-%d")]
    if isinstance(value, CellRichText):
        return ["text", str(value)]
    if isinstance(value, str):
        if value.startswith("=") and not formulas_are_text:
            return ["empty", None]  # a formula without a cached result
        return ["text", value]
    return ["other", str(value)]


DATA_ROWS = [
    ["企业名称", "统一社会信用代码", "员工人数", "营业收入（万元）", "研发占比", "成立日期", "更新时间", "高新技术企业", "备注"],
    ["杭州示例科技有限公司", "91330100MA2XXXXX1A", 125, 3560.75, 0.0825, datetime.date(2015, 6, 1),
     datetime.datetime(2024, 3, 5, 14, 30, 0), True, "  前后有空格  "],
    ["温州 & 宁波 <联合> \"研究院\"", "91330300MA2XXXXX2B", 0, -12.5, 1.0, datetime.date(1900, 1, 1),
     datetime.datetime(1900, 3, 1, 0, 0, 1), False, "第一行\n第二行"],
    ["😀 表情与生僻字𠀀", "12330000470051703X", 9007199254740992, 1e-7, None, datetime.date(9999, 12, 31),
     None, None, None],
    [None, None, None, None, None, None, None, None, "=A2&B2"],
]


def make(directory):
    os.makedirs(directory, exist_ok=True)
    expected = {}

    # openpyxl's ordinary mode: shared strings, number formats, several sheets, a hidden one.
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in DATA_ROWS:
        ws.append(row)
    ws["E2"].number_format = "0.00%"
    ws["D2"].number_format = "#,##0.00"
    ws["B6"] = 45356
    ws["B6"].number_format = "yyyy/m/d"  # a custom date format on a plain number
    ws["C6"] = 45356.5
    ws["C6"].number_format = "0.00"  # not a date
    notes = wb.create_sheet("说明")
    notes.append(["一、请按模板填写。"])
    notes.append(["二、带 * 的列必须填写。"])
    hidden = wb.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden.append(["甲", "乙"])
    wb.save(os.path.join(directory, "normal.xlsx"))
    expected["normal.xlsx"] = snapshot(os.path.join(directory, "normal.xlsx"))

    # Write-only mode: inline strings, absolute relationship targets.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    for row in DATA_ROWS[:4]:
        ws.append(row)
    wb.save(os.path.join(directory, "write_only.xlsx"))
    expected["write_only.xlsx"] = snapshot(os.path.join(directory, "write_only.xlsx"))

    # The 1904 date system.
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws.append(["日期", "时间"])
    ws.append([datetime.date(1904, 1, 2), datetime.datetime(2024, 2, 29, 23, 59, 59)])
    ws.append([datetime.date(2000, 1, 1), datetime.datetime(1999, 12, 31, 12, 0, 0)])
    wb.save(os.path.join(directory, "mac1904.xlsx"))
    expected["mac1904.xlsx"] = snapshot(os.path.join(directory, "mac1904.xlsx"))

    # Rich text in shared strings.
    wb = Workbook()
    ws = wb.active
    ws.title = "富文本"
    ws["A1"] = CellRichText([TextBlock(InlineFont(color="FF0000"), "*"), TextBlock(InlineFont(b=True), "企业名称")])
    ws["B1"] = CellRichText(["普通", TextBlock(InlineFont(i=True), "斜体"), "结尾"])
    ws["A2"] = "plain"
    wb.save(os.path.join(directory, "rich.xlsx"))
    expected["rich.xlsx"] = {"富文本": [[["text", "*企业名称"], ["text", "普通斜体结尾"]], [["text", "plain"]]]}

    with open(os.path.join(directory, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(expected, handle, ensure_ascii=False)


def snapshot(path):
    """Every sheet's rows as openpyxl reads them back, trailing empty cells dropped."""
    wb = load_workbook(path)
    result = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows(values_only=True):
            cells = [encode(value) for value in row]
            while cells and cells[-1][0] == "empty":
                cells.pop()
            rows.append(cells)
        result[ws.title] = rows
    return result


def inspect(path):
    wb = load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                has_style = cell.font.b or cell.fill.fill_type == "solid" or cell.quotePrefix
                if cell.value is None and not has_style:
                    continue
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
                cells[cell.coordinate] = {
                    "value": encode(cell.value, formulas_are_text=True),
                    "bold": bool(cell.font.b),
                    "fill": fill if isinstance(fill, str) else None,
                    "format": cell.number_format,
                    "quote": bool(cell.quotePrefix),
                }
        sheets.append({
            "name": ws.title,
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "widths": {key: dim.width for key, dim in ws.column_dimensions.items() if dim.customWidth},
            "validations": [{"type": dv.type, "formula1": dv.formula1, "sqref": str(dv.sqref)}
                            for dv in ws.data_validations.dataValidation],
            "comments": {cell.coordinate: cell.comment.text for row in ws.iter_rows() for cell in row
                         if cell.comment is not None},
            "cells": cells,
        })
    names = {name: defined.attr_text for name, defined in wb.defined_names.items()}
    print(json.dumps({"sheets": sheets, "names": names}, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make":
        make(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "inspect":
        inspect(sys.argv[2])
    else:
        sys.exit(__doc__)
