import Fluent
import SeedbedDomain
import Vapor

/// A row of `recognitions` as the MIIT levels use it (the import writes the same table through SQL, see
/// `Recognitions`): the scope columns copied from the enterprise, the level, the certificate and its term, and since
/// M8 its status, the cancellation, the end date a 认定到期 reminder went out for, and the application that
/// granted it.
final class CultivationRecognition: Model, @unchecked Sendable {
    static let schema = Recognitions.schema

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "kind") var kind: RecognitionKind
    @Field(key: "certificate_no") var certificateNo: String
    /// `yyyy-MM-dd`, as the import writes it.
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "valid_until") var validUntil: String
    @Field(key: "source") var source: String
    @Field(key: "status") var status: RecognitionStatus
    @OptionalField(key: "cancelled_on") var cancelledOn: String?
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @OptionalField(key: "reminded_for") var remindedFor: String?
    @OptionalField(key: "filing_id") var filingID: Int?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The term, if both dates read (rows written by this platform always do).
    var term: RecognitionTerm? { RecognitionTerm(iso: issuedOn, validUntil: validUntil) }

    var scopeSubject: ScopeSubject {
        ScopeSubject(enterpriseID: enterpriseID, regionCode: regionCode, zoneID: zoneID, incubatorID: incubatorID)
    }

    /// How it stands on `day`.
    func standing(on day: LocalDate, leadMonths: Int) -> RecognitionStanding {
        guard let term else { return status == .cancelled ? .cancelled : .lapsed }
        return term.standing(on: day, status: status, leadMonths: leadMonths)
    }

    var record: RecognitionRecord {
        RecognitionRecord(enterpriseID: enterpriseID, kind: kind, certificateNo: certificateNo, issuedOn: issuedOn,
                          validUntil: validUntil, source: source, id: id, status: status, cancelledOn: cancelledOn,
                          cancelReason: cancelReason)
    }
}
