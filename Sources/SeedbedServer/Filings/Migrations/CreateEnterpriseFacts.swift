import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateEnterpriseFacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var builder = database.schema(EnterpriseFacts.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("year", .int, .required)
            .field("source", .string, .required)
            .field("updated_at", .datetime, .required)
        for column in ["revenue", "main_revenue", "net_profit", "total_assets", "total_liabilities", "tax_paid",
                       "total_cost", "rd_expense", "rd_expense_domestic", "hightech_product_income",
                       "tech_contract_turnover", "equity_financing", "employees", "st_staff", "rd_staff",
                       "ip_invention", "ip_plant_variety", "ip_crop_variety", "ip_new_drug", "ip_tcm_protection",
                       "ip_ic_layout", "ip_utility_model", "ip_design", "ip_software", "trademarks",
                       "achievement_conversions", "standards_led", "standards_joined", "st_awards_national",
                       "st_awards_provincial", "rd_institutions_national", "rd_institutions_provincial",
                       "rd_institutions_municipal", "hightech_certified", "tech_sme_certified",
                       "specialized_sme_certified", "listing_status", "negative_records"] {
            builder = builder.field(FieldKey(stringLiteral: column), .double)
        }
        try await builder.unique(on: "enterprise_id", "year").create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "enterprise_facts_year_region").on(EnterpriseFacts.schema).column("year")
            .column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EnterpriseFacts.schema).delete()
    }
}
