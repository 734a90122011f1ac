extension LibraryCatalog {
    /// The shipped libraries, in menu order.
    public static let standard = LibraryCatalog(libraries: [
        .incubation, .hightechReserve, .starMarketReserve, .leadingEnterprise, .highGrowth, .techSMEReserve,
        .techSMERecognized, .hightechRecognized,
    ])
}
