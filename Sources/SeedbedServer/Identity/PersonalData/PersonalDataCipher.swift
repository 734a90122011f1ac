import Crypto
import Foundation
import NIOConcurrencyHelpers
import TextFormatting
import Vapor

/// Encrypts personal data at rest (AES-GCM, 256-bit key) and computes the keyed hash that equality searches
/// use. Every full value the platform reads goes through `open`; the key comes from the configuration or a key
/// file and never from the database (`DataKey`).
struct PersonalDataCipher: Sendable {
    /// The prefix of a sealed value: the format, so a later key rotation can tell old values from new.
    static let version = "v1:"
    /// What a value that cannot be decrypted (another key, damaged text) shows instead.
    static let unreadable = "（无法解密）"

    private let key: SymmetricKey
    private let hashKey: SymmetricKey

    init(key: SymmetricKey) {
        self.key = key
        // A separate key for the search hash, so the hash reveals nothing about the encryption key.
        hashKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("seedbed personal data hash v1".utf8),
                                         outputByteCount: 32)
    }

    /// `v1:` + base64 of nonce, ciphertext and tag.
    func seal(_ plain: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(plain.utf8), using: key).combined else {
            throw DataKeyError.sealFailed
        }
        return Self.version + combined.base64EncodedString()
    }

    /// The plain value, or `nil` when it was sealed with another key or is not a sealed value.
    func open(_ sealed: String) -> String? {
        guard sealed.hasPrefix(Self.version),
              let data = Data(base64Encoded: String(sealed.dropFirst(Self.version.count))),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key)
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The plain value for a detail page: `（无法解密）` rather than an error when the key no longer fits.
    func reveal(_ sealed: String?) -> String? {
        guard let sealed, !sealed.isEmpty else { return nil }
        return open(sealed) ?? Self.unreadable
    }

    /// HMAC-SHA256 (hex) of the value with spaces removed: what equality searches compare.
    func hash(_ plain: String) -> String {
        let normalised = plain.filter { !$0.isWhitespace }
        return HexText.lowercase(HMAC<SHA256>.authenticationCode(for: Data(normalised.utf8), using: hashKey))
    }

    /// The three stored forms of a value; `nil` for an empty one.
    func protect(_ plain: String?, as kind: PersonalDataKind) throws -> PersonalValue? {
        guard let plain = plain?.trimmingCharacters(in: .whitespaces), !plain.isEmpty else { return nil }
        return PersonalValue(masked: kind.mask(plain), sealed: try seal(plain), hash: hash(plain))
    }
}

/// A personal value as stored: the masked form lists and exports show (so they never decrypt, and cannot leak
/// a full value), the sealed full value, and its search hash.
struct PersonalValue: Sendable, Equatable {
    let masked: String
    let sealed: String
    let hash: String
}

/// Holds the application's cipher once the key is known. Commands learn `--demo` only after `configure`, so the
/// key of a demo start is settled by the command (`Application.preparePersonalDataKey`), not at configure time.
final class PersonalDataKeyring: Sendable {
    private let box = NIOLockedValueBox<PersonalDataCipher?>(nil)

    func install(_ cipher: PersonalDataCipher) {
        box.withLockedValue { $0 = cipher }
    }

    var isReady: Bool { box.withLockedValue { $0 != nil } }

    func cipher() throws -> PersonalDataCipher {
        guard let cipher = box.withLockedValue({ $0 }) else { throw DataKeyError.missing }
        return cipher
    }
}

extension Application {
    private struct KeyringKey: StorageKey { typealias Value = PersonalDataKeyring }

    var personalDataKeyring: PersonalDataKeyring {
        if let keyring = storage[KeyringKey.self] { return keyring }
        let keyring = PersonalDataKeyring()
        storage[KeyringKey.self] = keyring
        return keyring
    }

    /// The cipher for personal data; throws when no key was configured.
    var personalData: PersonalDataCipher {
        get throws { try personalDataKeyring.cipher() }
    }

    /// Settles the data key from the configuration (after a command has applied `--demo`): fails loudly outside
    /// demo mode when none is configured.
    func preparePersonalDataKey() throws {
        guard !personalDataKeyring.isReady else { return }
        personalDataKeyring.install(PersonalDataCipher(key: try DataKey.load(config)))
    }
}

extension Request {
    var personalData: PersonalDataCipher {
        get throws { try application.personalData }
    }
}
