/// A field value for the output, as it will be written: text (already Mustache), or a plain YAML number or
/// boolean, or lists and mappings of those.
indirect enum MigratedValue: Sendable {
    case text(String)
    case plain(String)
    case list([MigratedValue])
    case object([(String, MigratedValue)])
}
