using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>
/// Builds the XForm that creates or updates one record's case. Every submission carries <c>create</c> and
/// <c>update</c> (assumed: HQ applies a create for a case it has as setting its type, name and owner again — see
/// docs/salesforce-to-commcare.md), so a submission is complete on its own whether or not an earlier one reached
/// HQ, with no "was it created?" state to lose. Values are written through <see cref="XElement"/>, which escapes them.
/// </summary>
public static partial class CaseXForm
{
    public const string FormXmlns = "http://bridgeportal/salesforce-sync";
    public const string CaseXmlns = "http://commcarehq.org/case/transaction/v2";
    public const string MetaXmlns = "http://openrosa.org/jr/xforms";
    public const string FormName = "Salesforce sync";

    private static readonly XNamespace Form = FormXmlns;
    private static readonly XNamespace Case = CaseXmlns;
    private static readonly XNamespace Meta = MetaXmlns;

    /// <summary>The XForm for <paramref name="record"/>; <see cref="FormatException"/> when the record cannot make a case (e.g. no owner).</summary>
    public static CaseSubmission Build(CaseMapping mapping, SalesforceRecord record, string? userId, Guid instanceId, DateTimeOffset now)
    {
        var fields = record.Fields;
        var caseId = mapping.CaseIdField is { } idField
            ? NonEmpty(fields, idField) ?? throw new FormatException($"The case id field {idField} of {record.NaturalId} is empty.")
            : DeterministicUuid.CaseId(record.Id);
        var owner = (mapping.OwnerField is { } ownerField ? NonEmpty(fields, ownerField) : null) ?? mapping.OwnerId
            ?? throw new FormatException($"{record.NaturalId} has no owner: its {mapping.OwnerField} is empty and the mapping sets no ownerId.");
        var name = NonEmpty(fields, mapping.CaseNameField) ?? record.Id;
        var modified = Modified(fields) ?? now;

        var update = new XElement(Case + "update", new XElement(Case + "external_id", record.Id));
        foreach (var (property, field) in mapping.Properties)
        {
            if (SalesforceRecord.Field(fields, field) is (true, var value))
            {
                update.Add(new XElement(Case + property, Clean(SalesforceRecord.AsText(value))));
            }
        }

        var block = new XElement(Case + "case",
            new XAttribute(XNamespace.Xmlns + "n0", CaseXmlns),
            new XAttribute("case_id", caseId),
            new XAttribute("date_modified", Timestamp(modified)),
            string.IsNullOrEmpty(userId) ? null : new XAttribute("user_id", userId),
            new XElement(Case + "create",
                new XElement(Case + "case_type", mapping.CaseType),
                new XElement(Case + "case_name", Clean(name)),
                new XElement(Case + "owner_id", Clean(owner))),
            update);

        var indices = Indices(mapping, record).ToList();
        if (indices.Count > 0)
        {
            block.Add(new XElement(Case + "index", indices));
        }

        var instance = instanceId.ToString();
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Form + "data",
                new XAttribute("xmlns", FormXmlns),
                new XAttribute(XNamespace.Xmlns + "jrm", "http://dev.commcarehq.org/jr/xforms"),
                new XAttribute("uiVersion", "1"),
                new XAttribute("version", "1"),
                new XAttribute("name", FormName),
                new XElement(Form + "salesforce_type", record.Type),
                new XElement(Form + "salesforce_id", record.Id),
                block,
                new XElement(Meta + "meta",
                    new XAttribute(XNamespace.Xmlns + "n1", MetaXmlns),
                    new XElement(Meta + "deviceID", "BridgePortal"),
                    new XElement(Meta + "timeStart", Timestamp(now)),
                    new XElement(Meta + "timeEnd", Timestamp(now)),
                    new XElement(Meta + "userID", userId ?? ""),
                    new XElement(Meta + "instanceID", instance))));
        return new CaseSubmission(caseId, instance, Serialize(document));
    }

    private static IEnumerable<XElement> Indices(CaseMapping mapping, SalesforceRecord record)
    {
        foreach (var index in mapping.Indices)
        {
            var path = index.IdField ?? index.CaseIdField!;
            if (SalesforceRecord.Field(record.Fields, path) is not (true, var value))
            {
                continue; // not sent: leave the index as it is
            }

            var text = SalesforceRecord.AsText(value).Trim();
            var target = text.Length == 0 || index.CaseIdField is not null
                ? text
                : SalesforceIds.Normalize(text) is { } id
                    ? DeterministicUuid.CaseId(id)
                    : throw new FormatException($"{record.NaturalId}: {path} holds '{Clip(text)}', not a Salesforce record id, so the '{index.Name}' index cannot be set.");

            // An empty index removes the reference (the field was cleared in Salesforce).
            yield return new XElement(Case + index.Name,
                new XAttribute("case_type", index.CaseType),
                index.Relationship == "child" ? null : new XAttribute("relationship", index.Relationship),
                Clean(target));
        }
    }

    /// <summary>Salesforce's <c>LastModifiedDate</c> (e.g. <c>2026-03-04T10:15:00.000+0000</c>), else <c>SystemModstamp</c>.</summary>
    private static DateTimeOffset? Modified(System.Text.Json.Nodes.JsonObject fields)
    {
        foreach (var name in (string[])["LastModifiedDate", "SystemModstamp"])
        {
            var text = NonEmpty(fields, name);
            if (text is not null && DateTimeOffset.TryParse(ColonOffset().Replace(text, "$1:$2"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                return t;
            }
        }

        return null;
    }

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string? NonEmpty(System.Text.Json.Nodes.JsonObject fields, string path) =>
        SalesforceRecord.Field(fields, path) is (true, { } value) && SalesforceRecord.AsText(value).Trim() is { Length: > 0 } text ? text : null;

    // XML 1.0 cannot carry most control characters at all, escaped or not: drop them rather than fail the record.
    private static string Clean(string text)
    {
        if (text.All(c => XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
        }

        return clean.ToString();
    }

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static string Serialize(XDocument document)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            document.Save(writer);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex ColonOffset();

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
