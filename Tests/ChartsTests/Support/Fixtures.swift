import Charts

/// Realistic inputs shaped like the pages that use the charts (企业总览, showcase, statistics).
enum Fixtures {
    /// The eight 国家重点支持的高新技术领域.
    static let techFields = ["电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务", "新能源与节能",
                             "资源与环境", "先进制造与自动化"]

    /// GB/T 4754-2017 sections A–T.
    static let industrySections = [
        "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
        "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
        "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
        "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "国际组织",
    ]

    /// The 31 provincial-level divisions of the mainland.
    static let provinces = [
        "广东省", "江苏省", "北京市", "浙江省", "上海市", "山东省", "湖北省", "四川省", "安徽省", "河南省", "福建省",
        "湖南省", "陕西省", "天津市", "重庆市", "辽宁省", "江西省", "河北省", "广西壮族自治区", "云南省", "吉林省",
        "山西省", "黑龙江省", "贵州省", "甘肃省", "内蒙古自治区", "新疆维吾尔自治区", "宁夏回族自治区", "海南省",
        "青海省", "西藏自治区",
    ]

    /// Districts of 重庆市, as on the city's statistics page.
    static let districts = [
        "渝中区", "大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区", "北碚区", "渝北区", "巴南区", "万州区",
        "涪陵区", "长寿区", "江津区", "合川区", "永川区", "南川区", "綦江区", "大足区", "璧山区", "铜梁区",
        "潼南区", "荣昌区", "开州区", "梁平区", "武隆区",
    ]

    static let months = (1...12).map { String($0) + "月" }

    static func techFieldDonut(selected: Int? = 4) -> DonutChart {
        let counts: [Double] = [1234, 812, 97, 640, 1530, 455, 210, 1388]
        return DonutChart(
            options: ChartOptions(id: "tech-field", title: "技术领域分布", unit: "家"),
            segments: techFields.indices.map { index in
                ChartSegment(techFields[index], value: counts[index], href: "/overview?field=\(index + 1)&year=2024",
                             isSelected: index == selected)
            },
            centerLabel: "企业总数")
    }

    static func industryDonut() -> DonutChart {
        let counts: [Double] = [120, 35, 2210, 64, 150, 410, 96, 12, 1630, 8, 20, 380, 1190, 75, 18, 44, 30, 66, 0, 0]
        return DonutChart(
            options: ChartOptions(id: "industry", title: "行业分布", unit: "家", width: 560),
            segments: industrySections.indices.map { index in
                ChartSegment(industrySections[index], value: counts[index], href: "/overview?section=\(index)")
            })
    }

    static func provinceRanking(selected: Int? = 2) -> BarChart {
        BarChart(
            options: ChartOptions(id: "region-rank", title: "各省（区、市）企业数量", unit: "家"),
            orientation: .horizontal,
            bars: provinces.indices.map { index in
                ChartSegment(provinces[index], value: Double(96_000 / (index + 3)),
                             href: "/overview?rank=\(index + 1)", isSelected: index == selected)
            })
    }

    static func districtColumns() -> BarChart {
        BarChart(
            options: ChartOptions(id: "district-count", title: "各区县入库企业数", unit: "家"),
            bars: districts.indices.map { index in
                ChartSegment(districts[index], value: Double((index * 37) % 23 * 40 + 60))
            })
    }

    static func stageBars() -> BarChart {
        BarChart(
            options: ChartOptions(id: "stage", title: "发展阶段", unit: "家", height: 260),
            bars: [ChartSegment("初创期", value: 420, href: "/overview?stage=1"),
                   ChartSegment("成长期", value: 1310, href: "/overview?stage=2", isSelected: true),
                   ChartSegment("稳定期", value: 655, href: "/overview?stage=3")])
    }

    static func evaluationBars() -> BarChart {
        BarChart(
            options: ChartOptions(id: "evaluation", title: "企业评价", unit: "家", height: 260),
            bars: [ChartSegment("A（≥85分）", value: 312), ChartSegment("B（70–85分）", value: 1045),
                   ChartSegment("C（60–70分）", value: 890), ChartSegment("D（<60分）", value: 402)])
    }

    static func zoneStack() -> BarChart {
        BarChart(
            options: ChartOptions(id: "zone-type", title: "各类园区企业构成", unit: "家"),
            layout: .stacked,
            categories: ["两江新区", "国家高新区", "国家经开区", "市级高新区"],
            series: [ChartSeries("高新技术企业", values: [320, 510, 280, 190]),
                     ChartSeries("科技型中小企业", values: [640, 880, 410, 520]),
                     ChartSeries("专精特新", values: [90, 130, 70, 40])])
    }

    static func coverageGrouped() -> BarChart {
        BarChart(
            options: ChartOptions(id: "coverage", title: "资质覆盖情况", unit: "%", valueDecimals: 1),
            orientation: .horizontal, layout: .grouped,
            categories: ["东部", "中部", "西部", "东北"],
            series: [ChartSeries("高新技术企业", values: [38.2, 24.5, 19.8, 15.1]),
                     ChartSeries("科技型中小企业", values: [61.7, 48.3, 40.2, 35.9])])
    }

    static func scoreHistogram() -> HistogramChart {
        HistogramChart(
            options: ChartOptions(id: "score-dist", title: "积分分布", unit: "家"),
            edges: stride(from: 0, through: 100, by: 10).map(Double.init),
            counts: [3, 12, 40, 95, 180, 260, 310, 220, 90, 18], axisTitle: "积分")
    }

    static func progressLine() -> LineChart {
        LineChart(
            options: ChartOptions(id: "progress", title: "培育进度", unit: "家"),
            categories: months.map { ChartCategory($0) },
            series: [ChartSeries("入库企业", values: [12, 30, 45, 41, 60, 75, 90, 88, 120, 135, 150, 170])],
            showsValues: true)
    }

    static func growthLines() -> LineChart {
        LineChart(
            options: ChartOptions(id: "growth", title: "营业收入增长率", unit: "%", valueDecimals: 1),
            categories: ["2019", "2020", "2021", "2022", "2023", "2024"],
            series: [ChartSeries("高新技术企业", values: [12.4, -3.5, 18.2, 6.1, -1.2, 9.8]),
                     ChartSeries("全部企业", values: [8.1, -6.8, 12.5, 2.0, -4.3, 5.5])])
    }
}
