import Foundation
import Testing
@testable import Spreadsheet

/// Files as Excel, WPS, LibreOffice, openpyxl and the .NET Open XML SDK write them, rebuilt from their XML
/// conventions (we have no Excel or WPS here): namespaces and `mc:Ignorable`, `spans` and `x14ac` attributes,
/// prefixed elements, rich text and phonetic runs, absolute relationship targets, formulas with cached results.
@Suite("Files from other producers")
struct ProducerFixtureTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func date(_ iso: String) -> CellValue {
        ExcelDate(iso: Array(iso.utf8)[...]).map { .date($0) } ?? .text("not a date: \(iso)")
    }

    @Test("An Excel workbook: shared rich text, phonetic runs, formulas, errors, dates by built-in format")
    func excel() throws {
        var workbook = TestWorkbook(sheet: """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Self.main)" xmlns:r="\(Self.relationships)" \
            xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" \
            xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" \
            xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" \
            xr:uid="{00000000-0001-0000-0000-000000000000}"><dimension ref="A1:F4"/><sheetViews><sheetView \
            tabSelected="1" workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.2"/><cols><col min="1" max="1" \
            width="30.625" customWidth="1"/></cols><sheetData>
            <row r="1" spans="1:6" x14ac:dyDescent="0.2"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
            <row r="2" spans="1:6" x14ac:dyDescent="0.2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45356</v></c>\
            <c r="C2" s="3"><v>3560.75</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><f>A2&amp;"x"</f>\
            <v>杭州x</v></c><c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>
            <row r="4" spans="1:6" ht="20.25" customHeight="1" x14ac:dyDescent="0.2"><c r="A4" s="2">\
            <v>45356.604166666664</v></c><c r="B4" t="s"><v>3</v></c><c r="C4"><f>SUM(C2:C3)</f><v>3560.75</v></c>\
            <c r="D4" s="1"/><c r="E4"><f>NOW()</f></c></row>
            </sheetData><phoneticPr fontId="1" type="noConversion"/><pageMargins left="0.7" right="0.7" top="0.75" \
            bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="portrait" r:id="rId1"/>\
            </worksheet>
            """)
        workbook.sharedStrings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="\(Self.main)" count="4" uniqueCount="4"><si><t>企业名称</t></si><si><r><rPr><b/><sz val="11"/>\
            <color rgb="FFFF0000"/><rFont val="等线"/><family val="3"/><charset val="134"/><scheme val="minor"/></rPr>\
            <t>*</t></r><r><rPr><sz val="11"/><color theme="1"/><rFont val="等线"/><family val="3"/><charset val="134"/>\
            <scheme val="minor"/></rPr><t>成立日期</t></r><phoneticPr fontId="1" type="noConversion"/></si><si>\
            <t xml:space="preserve"> 杭州 </t><rPh sb="1" eb="3"><t>ハンシュウ</t></rPh><phoneticPr fontId="1" \
            type="noConversion"/></si><si><t>第一行_x000D_
            第二行 a_x005F_x0041_b</t></si></sst>
            """
        workbook.styles = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="\(Self.main)" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
            mc:Ignorable="x14ac x16r2 xr"><numFmts count="1"><numFmt numFmtId="176" formatCode="#,##0.00_ "/>\
            </numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><cellStyleXfs count="1">\
            <xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" \
            fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf><xf numFmtId="14" \
            fontId="0" \
            fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" \
            borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" \
            xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" \
            builtinId="0"/></cellStyles><dxfs count="1"><dxf><numFmt numFmtId="14" formatCode="yyyy/m/d"/></dxf></dxfs>\
            </styleSheet>
            """
        workbook.workbook = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(Self.main)" xmlns:r="\(Self.relationships)" \
            xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2" \
            xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><fileVersion appName="xl" \
            lastEdited="7" lowestEdited="7" rupBuild="27328"/><workbookPr defaultThemeVersion="166925"/>\
            <mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice \
            Requires="x15"><x15ac:absPath url="C:\\Users\\admin\\Desktop\\" \
            xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice>\
            </mc:AlternateContent><bookViews><workbookView xWindow="-110" yWindow="-110" windowWidth="25820" \
            windowHeight="15500"/></bookViews><sheets><sheet name="企业名单" sheetId="1" r:id="rId1"/>\
            <sheet name="字典" sheetId="3" state="hidden" r:id="rId7"/></sheets><definedNames><definedName \
            name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">企业名单!$A$1:$F$4</definedName></definedNames>\
            <calcPr calcId="191029"/></workbook>
            """
        workbook.workbookRelationships = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(Self.packageRelationships)"><Relationship Id="rId3" \
            Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" \
            Target="theme/theme1.xml"/><Relationship Id="rId7" Type="\(Self.relationships)/worksheet" \
            Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Type="\(Self.relationships)/worksheet" \
            Target="worksheets/sheet1.xml"/><Relationship Id="rId5" Type="\(Self.relationships)/sharedStrings" \
            Target="sharedStrings.xml"/><Relationship Id="rId4" Type="\(Self.relationships)/styles" \
            Target="styles.xml"/></Relationships>
            """
        workbook.sheets.append(("xl/worksheets/sheet2.xml", TestWorkbook.sheetXML(
            #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#)))
        let directory = try TestDirectory()
        let url = try workbook.write(in: directory)

        let reader = try XLSXReader(url: url)
        #expect(reader.sheets.map(\.name) == ["企业名单", "字典"])
        #expect(reader.sheets.map(\.isHidden) == [false, true])
        let rows = try Read.rows(url, sheet: "企业名单")
        #expect(rows.map(\.number) == [1, 2, 4])
        #expect(rows[0].values == [.text("企业名称"), .text("*成立日期")])
        #expect(rows[1].values == [.text(" 杭州 "), Self.date("2024-03-05"), .number(3560.75), .bool(true),
                                   .text("杭州x"), .error("#DIV/0!")])
        #expect(rows[2].values == [Self.date("2024-03-05T14:30:00"), .text("第一行\r\n第二行 a_x0041_b"),
                                   .number(3560.75)])
        #expect(try Read.rows(url, sheet: "字典").first?.values == [.text("企业名称")])
    }

    @Test("A WPS workbook: 年月日 formats of the Chinese editions and custom date formats")
    func wps() throws {
        var workbook = TestWorkbook(sheet: """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Self.main)" xmlns:r="\(Self.relationships)" \
            xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
            xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" \
            xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
            xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"><sheetPr/><dimension ref="A1:D2"/>\
            <sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="D2" sqref="D2"/>\
            </sheetView></sheetViews><sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5" outlineLevelCol="3"/>\
            <sheetData><row r="1" spans="1:4"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c>\
            <c r="C1" s="1" t="s"><v>2</v></c><c r="D1" s="1" t="s"><v>3</v></c></row><row r="2" spans="1:4" ht="20" \
            customHeight="1"><c r="A2" s="2"><v>45356</v></c><c r="B2" s="3"><v>45352</v></c><c r="C2" s="4">\
            <v>45356</v></c><c r="D2" s="5"><v>0.125</v></c></row></sheetData><pageMargins left="0.75" right="0.75" \
            top="1" bottom="1" header="0.5" footer="0.5"/><headerFooter/></worksheet>
            """)
        workbook.sharedStrings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="\(Self.main)" count="4" uniqueCount="4"><si><t>成立日期</t></si><si><t>所属年月</t></si>\
            <si><t>批准日期</t></si><si><t>占比</t></si></sst>
            """
        workbook.styles = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="\(Self.main)"><numFmts count="2"><numFmt numFmtId="176" \
            formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/><numFmt numFmtId="177" \
            formatCode="0.0%"/></numFmts><fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/>\
            </font></fonts><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"/><xf numFmtId="31" \
            fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="57" fontId="0" \
            fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" fontId="0" fillId="0" \
            borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="177" fontId="0" fillId="0" borderId="0" \
            xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
            """
        let directory = try TestDirectory()
        let rows = try Read.rows(try workbook.write(in: directory))
        #expect(rows[0].values == [.text("成立日期"), .text("所属年月"), .text("批准日期"), .text("占比")])
        #expect(rows[1].values == [Self.date("2024-03-05"), Self.date("2024-03-01"), Self.date("2024-03-05"),
                                   .number(0.125)])
    }

    @Test("A LibreOffice workbook: explicit t=\"n\", upper-case date codes, string formulas")
    func libreOffice() throws {
        var workbook = TestWorkbook(sheet: """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Self.main)" xmlns:r="\(Self.relationships)" \
            xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" \
            xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" \
            xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" \
            xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><sheetPr filterMode="false">\
            <pageSetUpPr fitToPage="false"/></sheetPr><dimension ref="A1:E2"/><sheetViews><sheetView \
            showFormulas="false" showGridLines="true" tabSelected="true" workbookViewId="0"><selection pane="topLeft" \
            activeCell="A1" activeCellId="0" sqref="A1"/></sheetView></sheetViews><sheetFormatPr \
            defaultColWidth="11.53515625" defaultRowHeight="12.8" zeroHeight="false" outlineLevelRow="0" \
            outlineLevelCol="0"/><sheetData><row r="1" customFormat="false" ht="12.8" hidden="false" \
            customHeight="false" outlineLevel="0" collapsed="false"><c r="A1" s="0" t="s"><v>0</v></c><c r="B1" \
            s="0" t="n"><v>1.5</v></c><c r="C1" s="1" t="n"><v>45356</v></c><c r="D1" s="0" t="b"><v>0</v></c>\
            <c r="E1" s="0" t="str"><f aca="false">CONCATENATE(A1;"!")</f><v>LibreOffice!</v></c></row><row r="2" \
            customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false">\
            <c r="A2" s="2" t="n"><v>-3</v></c><c r="B2" s="0" t="n"><v>1E-05</v></c></row></sheetData>\
            <printOptions headings="false" gridLines="false" gridLinesSet="true" horizontalCentered="false" \
            verticalCentered="false"/><pageMargins left="0.7875" right="0.7875" top="1.05277777777778" \
            bottom="1.05277777777778" header="0.7875" footer="0.7875"/></worksheet>
            """)
        workbook.sharedStrings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="\(Self.main)" count="1" uniqueCount="1"><si><t xml:space="preserve">LibreOffice</t></si></sst>
            """
        workbook.styles = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="\(Self.main)"><numFmts count="2"><numFmt numFmtId="164" formatCode="General"/>\
            <numFmt numFmtId="165" formatCode="YYYY\\-MM\\-DD"/></numFmts><cellXfs count="3"><xf numFmtId="164" \
            fontId="0" fillId="0" borderId="0" applyFont="false" applyBorder="false" applyAlignment="false" \
            applyProtection="false"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" applyFont="false" \
            applyBorder="false" applyAlignment="false" applyProtection="false"/><xf numFmtId="0" fontId="0" \
            fillId="0" borderId="0"/></cellXfs></styleSheet>
            """
        let directory = try TestDirectory()
        let rows = try Read.rows(try workbook.write(in: directory))
        #expect(rows[0].values == [.text("LibreOffice"), .number(1.5), Self.date("2024-03-05"), .bool(false),
                                   .text("LibreOffice!")])
        #expect(rows[1].values == [.integer(-3), .number(1e-5)])
    }

    @Test("An openpyxl workbook: absolute relationship targets, inline strings, explicit number types")
    func openpyxl() throws {
        var workbook = TestWorkbook(sheet: """
            <worksheet xmlns="\(Self.main)"><sheetPr><outlinePr summaryBelow="1" summaryRight="1" /><pageSetUpPr />\
            </sheetPr><dimension ref="A1:C2" /><sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" \
            sqref="A1" /></sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15" /><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>列1</t></is></c><c r="B1" t="inlineStr"><is><t>列2</t></is>\
            </c><c r="C1" t="inlineStr"><is><t>列3</t></is></c></row><row r="2"><c r="A2" t="n"><v>7</v></c>\
            <c r="B2" t="n" s="1"><v>45356.5</v></c><c r="C2" t="b"><v>1</v></c></row></sheetData>\
            <pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5" /></worksheet>
            """)
        workbook.workbookRelationships = """
            <Relationships xmlns="\(Self.packageRelationships)"><Relationship \
            Type="\(Self.relationships)/worksheet" Target="/xl/worksheets/sheet1.xml" Id="rId1" /><Relationship \
            Type="\(Self.relationships)/styles" Target="styles.xml" Id="rId2" /></Relationships>
            """
        workbook.workbook = """
            <workbook xmlns:r="\(Self.relationships)" xmlns="\(Self.main)"><workbookPr /><workbookProtection />\
            <bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" \
            showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" \
            autoFilterDateGrouping="1" /></bookViews><sheets><sheet name="数据" sheetId="1" state="visible" \
            r:id="rId1" /></sheets><definedNames /><calcPr calcId="124519" fullCalcOnLoad="1" /></workbook>
            """
        workbook.styles = """
            <styleSheet xmlns="\(Self.main)"><numFmts count="1"><numFmt numFmtId="164" \
            formatCode="yyyy-mm-dd h:mm:ss" /></numFmts><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" \
            borderId="0" pivotButton="0" quotePrefix="0" xfId="0" /><xf numFmtId="164" fontId="0" fillId="0" \
            borderId="0" applyNumberFormat="1" pivotButton="0" quotePrefix="0" xfId="0" /></cellXfs></styleSheet>
            """
        let directory = try TestDirectory()
        let rows = try Read.rows(try workbook.write(in: directory))
        #expect(rows[0].values == [.text("列1"), .text("列2"), .text("列3")])
        #expect(rows[1].values == [.integer(7), Self.date("2024-03-05T12:00:00"), .bool(true)])
    }

    @Test("Prefixed x: elements, as the .NET Open XML SDK writes them, with another prefix for relationships")
    func prefixedElements() throws {
        var workbook = TestWorkbook(sheet: """
            <?xml version="1.0" encoding="utf-8"?>
            <x:worksheet xmlns:x="\(Self.main)"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is>\
            <x:t>名称</x:t></x:is></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row><x:row r="2"><x:c r="A2">\
            <x:v>12</x:v></x:c><x:c r="B2" t="inlineStr"><x:is><x:r><x:rPr><x:b /></x:rPr><x:t>粗</x:t></x:r><x:r>\
            <x:t xml:space="preserve"> 体</x:t></x:r></x:is></x:c></x:row></x:sheetData></x:worksheet>
            """)
        workbook.workbook = """
            <?xml version="1.0" encoding="utf-8"?>
            <x:workbook xmlns:rel="\(Self.relationships)" xmlns:x="\(Self.main)"><x:sheets><x:sheet name="Sheet A" \
            sheetId="1" rel:id="R5f2c" /></x:sheets></x:workbook>
            """
        workbook.workbookRelationships = """
            <?xml version="1.0" encoding="utf-8"?>
            <Relationships xmlns="\(Self.packageRelationships)"><Relationship Type="\(Self.relationships)/worksheet" \
            Target="/xl/worksheets/sheet1.xml" Id="R5f2c" /><Relationship Type="\(Self.relationships)/sharedStrings" \
            Target="/xl/sharedStrings.xml" Id="R9" /></Relationships>
            """
        workbook.sharedStrings = """
            <?xml version="1.0" encoding="utf-8"?>
            <x:sst xmlns:x="\(Self.main)"><x:si><x:t>共享</x:t></x:si></x:sst>
            """
        workbook.styles = nil
        let directory = try TestDirectory()
        let url = try workbook.write(in: directory)
        #expect(try XLSXReader(url: url).sheets.map(\.name) == ["Sheet A"])
        let rows = try Read.rows(url)
        #expect(rows[0].values == [.text("名称"), .text("共享")])
        #expect(rows[1].values == [.integer(12), .text("粗 体")])
    }

    @Test("Rows and cells without r attributes follow the one before")
    func missingReferences() throws {
        let workbook = TestWorkbook(sheet: TestWorkbook.sheetXML("""
            <row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>\
            <row><c r="C2"><v>3</v></c></row>\
            <row r="5"><c><v>5</v></c><c r="D5"><v>6</v></c><c><v>7</v></c></row>\
            <row><c r="B6"><v>8</v></c></row>\
            <row><c r="A9"><v>9</v></c></row>
            """))
        let directory = try TestDirectory()
        let rows = try Read.rows(try workbook.write(in: directory))
        #expect(rows.map(\.number) == [1, 2, 5, 6, 9])
        #expect(rows[0].values == [.text("a"), .integer(1)])
        #expect(rows[1].values == [.empty, .empty, .integer(3)])
        #expect(rows[2].values == [.integer(5), .empty, .empty, .integer(6), .integer(7)])
        #expect(rows[3].values == [.empty, .integer(8)])
        #expect(rows[4].values == [.integer(9)])
    }

    @Test("ISO dates, the 1904 date system, entities, CDATA, comments and processing instructions")
    func lessCommonMarkup() throws {
        var workbook = TestWorkbook(sheet: TestWorkbook.sheetXML("""
            <!-- a comment between rows --><?custom instruction?>\
            <row r="1"><c r="A1" t="d"><v>2024-03-05T14:30:00</v></c><c r="B1" t="d"><v>2024-03-05</v></c>\
            <c r="C1" s="1"><v>0</v></c><c r="D1" t="inlineStr"><is><t>&#x4E2D;&#25991;&amp;lt;&apos;&quot;</t>\
            </is></c><c r="E1" t="inlineStr"><is><t><![CDATA[<b>&amp;</b>]]></t></is></c><c r="F1" \
            t="str"><v>x<!-- inside -->y</v></c></row>
            """))
        workbook.workbook = """
            <workbook xmlns="\(Self.main)" xmlns:r="\(Self.relationships)"><workbookPr date1904="1"/><sheets>\
            <sheet name="Mac" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        workbook.styles = """
            <styleSheet xmlns="\(Self.main)"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>\
            </styleSheet>
            """
        let directory = try TestDirectory()
        let url = try workbook.write(in: directory)
        #expect(try XLSXReader(url: url).usesDate1904)
        let rows = try Read.rows(url)
        #expect(rows[0].values == [Self.date("2024-03-05T14:30:00"), Self.date("2024-03-05"), Self.date("1904-01-01"),
                                   .text("中文&lt;'\""), .text("<b>&amp;</b>"), .text("xy")])
    }

    @Test("Chart sheets and sheets whose relationship is missing are left out of the list")
    func nonWorksheets() throws {
        var workbook = TestWorkbook(sheet: TestWorkbook.sheetXML(""))
        workbook.workbook = """
            <workbook xmlns="\(Self.main)" xmlns:r="\(Self.relationships)"><sheets><sheet name="图表" sheetId="1" \
            r:id="rId9"/><sheet name="数据" sheetId="2" r:id="rId1"/><sheet name="丢失" sheetId="3" r:id="rId404"/>\
            </sheets></workbook>
            """
        workbook.workbookRelationships = """
            <Relationships xmlns="\(Self.packageRelationships)"><Relationship Id="rId9" \
            Type="\(Self.relationships)/chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="rId1" \
            Type="\(Self.relationships)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """
        let directory = try TestDirectory()
        let reader = try XLSXReader(url: try workbook.write(in: directory))
        #expect(reader.sheets.map(\.name) == ["数据"])
    }
}
