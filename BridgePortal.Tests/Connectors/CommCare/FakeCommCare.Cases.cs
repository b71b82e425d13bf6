using System.Globalization;
using System.Xml.Linq;

namespace BridgePortal.Tests.Connectors.CommCare;

// HQ's case checks and how an accepted submission changes the cases.
public sealed partial class FakeCommCare
{
    // HQ's checks, all before any change (a refused form changes no case). Caller holds the gate.
    private string? Apply(List<XElement> blocks)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            var id = (string)block.Attribute("case_id")!;
            var create = block.Element(XName.Get("create", CaseXmlns));
            if (create is not null)
            {
                if (new[] { "case_type", "case_name", "owner_id" }.FirstOrDefault(n => string.IsNullOrWhiteSpace(create.Element(XName.Get(n, CaseXmlns))?.Value)) is { } missing)
                {
                    return $"CaseGenerationException: the create block of case '{id}' has no {missing}";
                }

                if (create.Element(XName.Get("case_name", CaseXmlns))!.Value.Length > 255)
                {
                    return $"CaseValueError: the case name of '{id}' is longer than 255 characters";
                }

                created.Add(id);
            }
            else if (!cases.ContainsKey(id))
            {
                return $"IllegalCaseId: case '{id}' does not exist and the block does not create it";
            }

            if ((string?)block.Attribute("date_modified") is { } modified && !DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return $"PhoneDateValueError: date_modified '{modified}' of case '{id}' is not a date";
            }
        }

        foreach (var block in blocks)
        {
            foreach (var index in block.Elements(XName.Get("index", CaseXmlns)).Elements().Where(i => i.Value.Length > 0))
            {
                if (!cases.ContainsKey(index.Value) && !created.Contains(index.Value))
                {
                    return $"InvalidCaseIndex: Case '{(string)block.Attribute("case_id")!}' references non-existent case '{index.Value}'";
                }
            }
        }

        foreach (var block in blocks)
        {
            var id = (string)block.Attribute("case_id")!;
            var current = cases.GetValueOrDefault(id) ?? new FakeCase(id, "", "", "", [], []);
            if (block.Element(XName.Get("create", CaseXmlns)) is { } create)
            {
                current = current with
                {
                    CaseType = create.Element(XName.Get("case_type", CaseXmlns))!.Value,
                    Name = create.Element(XName.Get("case_name", CaseXmlns))!.Value,
                    OwnerId = create.Element(XName.Get("owner_id", CaseXmlns))!.Value,
                };
            }

            foreach (var property in block.Element(XName.Get("update", CaseXmlns))?.Elements() ?? [])
            {
                current.Properties[property.Name.LocalName] = property.Value;
            }

            foreach (var index in block.Elements(XName.Get("index", CaseXmlns)).Elements())
            {
                if (index.Value.Length == 0)
                {
                    current.Indices.Remove(index.Name.LocalName);
                }
                else
                {
                    current.Indices[index.Name.LocalName] = new FakeCaseIndex((string?)index.Attribute("case_type") ?? "", index.Value, (string?)index.Attribute("relationship") ?? "child");
                }
            }

            cases[id] = current with { Submissions = current.Submissions + 1 };
        }

        return null;
    }
}
