import SeedbedDomain

/// A realistic 2024 annual report of a Chongqing precision-manufacturing SME, typed as the form posts it
/// (money in 千元).
enum AnnualReportFixture {
    static let typed: [FieldID: String] = [
        // 基本信息
        "report_year": "2024", "enterprise_scale": "小型", "above_scale_industrial": "是", "rd_contact_name": "陈鑫",
        "rd_contact_phone": "13896080306", "tech_sme_certified": "是", "specialized_sme_certified": "是",
        "negative_records": "0",
        // 经营概况（千元）
        "revenue": "115394.67", "main_revenue": "110200.5", "export_sales": "8000", "net_profit": "6890.2",
        "total_assets": "98000", "total_liabilities": "41160", "tax_paid": "3650.4", "total_cost": "105300",
        "rd_expense": "6120.75", "rd_expense_domestic": "5900",
        // 科技成果
        "ip_invention": "6", "ip_plant_variety": "0", "ip_crop_variety": "0", "ip_new_drug": "0",
        "ip_tcm_protection": "0", "ip_ic_layout": "0", "ip_utility_model": "24", "ip_design": "3", "ip_software": "5",
        "trademarks": "7", "patent_applications": "11", "invention_grants": "2", "achievement_conversions": "4",
        "tech_contract_turnover": "1500", "st_awards_national": "0", "st_awards_provincial": "1",
        // 主导或参与标准制定
        "standards_led": "1", "standards_led_local": "2", "standards_joined": "3", "standards_joined_local": "0",
        // 人员状况
        "employees": "186", "st_staff": "52", "rd_staff": "38", "doctors": "2", "masters": "15", "bachelors": "60",
        // 研发平台
        "has_internal_rd_institution": "是", "rd_institutions_national": "0", "rd_institutions_provincial": "1",
        "rd_institutions_municipal": "2",
        // 挂牌上市
        "listing_status": "新三板或区域股权市场挂牌", "listing_board": "全国中小企业股份转让系统（新三板）",
        "stock_code": "873456", "listed_on": "2021-06-18", "equity_financing": "20000",
        // 高企认定情况
        "hightech_certified": "是", "hightech_cert_no": "GR202250000123", "hightech_cert_date": "2022-11-28",
        "hightech_applying": "否",
        // 高新技术产品数
        "hightech_products": "5", "hightech_product_income": "92000",
    ]

    static func check(_ changes: [FieldID: String?] = [:]) -> FormsFixture.Checked {
        var values = typed
        for (id, value) in changes { values[id] = value }
        return FormsFixture.check(AnnualReportForm.form, FormsFixture.typed(values))
    }
}
