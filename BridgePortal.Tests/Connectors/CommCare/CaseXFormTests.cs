using System.Text.Json.Nodes;
using System.Xml.Linq;
using BridgePortal.Connectors.CommCare.Cases;
using BridgePortal.Tests.Connectors.Salesforce;

namespace BridgePortal.Tests.Connectors.CommCare;

public sealed class CaseXFormTests
{
    private static readonly XNamespace Case = CaseXForm.CaseXmlns;
    private static readonly Guid Instance = Guid.Parse("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly CaseMappings Mappings = CaseMappings.Parse(SalesforcePayloads.Mappings).Mappings!;

    private static (CaseSubmission Submission, XDocument Xml) Build(JsonObject record, string? userId = "api-user-1")
    {
        var salesforce = SalesforceRecord.From(record);
        var submission = CaseXForm.Build(Mappings.For(salesforce.Type)!, salesforce, userId, Instance, Now);
        return (submission, XDocument.Parse(submission.Xml));
    }

    [Fact]
    public void A_participant_becomes_one_create_and_update_block_in_a_well_formed_xform_with_meta()
    {
        var (submission, xml) = Build(SalesforcePayloads.Participant(1));

        var data = xml.Root!;
        Assert.Equal(XName.Get("data", CaseXForm.FormXmlns), data.Name);
        Assert.Equal(CaseXForm.FormName, (string?)data.Attribute("name"));
        var meta = data.Element(XName.Get("meta", CaseXForm.MetaXmlns))!;
        Assert.Equal(Instance.ToString(), meta.Element(XName.Get("instanceID", CaseXForm.MetaXmlns))!.Value);
        Assert.Equal("2026-03-05T08:00:00.000000Z", meta.Element(XName.Get("timeStart", CaseXForm.MetaXmlns))!.Value);
        Assert.Equal("api-user-1", meta.Element(XName.Get("userID", CaseXForm.MetaXmlns))!.Value);

        var block = Assert.Single(data.Elements(Case + "case"));
        Assert.Equal(submission.CaseId, (string?)block.Attribute("case_id"));
        Assert.Equal("2026-03-04T10:15:00.000000Z", (string?)block.Attribute("date_modified"));
        Assert.Equal("api-user-1", (string?)block.Attribute("user_id"));
        var create = block.Element(Case + "create")!;
        Assert.Equal("participant", create.Element(Case + "case_type")!.Value);
        Assert.Equal("Amina Okello 1", create.Element(Case + "case_name")!.Value);
        Assert.Equal(SalesforcePayloads.OwnerId, create.Element(Case + "owner_id")!.Value);
        var update = block.Element(Case + "update")!;
        Assert.Equal(SalesforcePayloads.Id("a0P", 1), update.Element(Case + "external_id")!.Value);
        Assert.Equal("Amina", update.Element(Case + "first_name")!.Value);
        Assert.Equal("34", update.Element(Case + "age")!.Value);
        Assert.Equal("TG-Kapchorwa-01", update.Element(Case + "training_group_name")!.Value);
        Assert.Contains("<n0:case ", submission.Xml);
    }

    [Fact]
    public void The_case_id_is_a_uuid_v5_of_the_18_character_id_so_every_update_and_every_reference_hits_the_same_case()
    {
        Assert.Equal(Guid.Parse("886313e1-3b8a-5372-9b90-0c9aee199e5d"), DeterministicUuid.V5(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));
        Assert.Equal("001A0000006Vm9rIAC", SalesforceIds.Normalize("001A0000006Vm9r"));
        Assert.Equal("001A0000006Vm9rIAC", SalesforceIds.Normalize("001A0000006Vm9rIAC"));
        Assert.Null(SalesforceIds.Normalize("001A0000006Vm9rAAA"));
        Assert.Null(SalesforceIds.Normalize("not-an-id"));

        var first = Build(SalesforcePayloads.Participant(1)).Submission;
        var again = Build(SalesforcePayloads.Participant(1, firstName: "Grace")).Submission;
        var fifteen = SalesforcePayloads.Participant(1);
        fifteen["Id"] = SalesforcePayloads.Id("a0P", 1)[..15];
        Assert.Equal(first.CaseId, again.CaseId);
        Assert.Equal(first.CaseId, Build(fifteen).Submission.CaseId);
        Assert.Equal(DeterministicUuid.CaseId(SalesforcePayloads.Id("a0P", 1)), first.CaseId);
        Assert.NotEqual(first.CaseId, Build(SalesforcePayloads.Participant(2)).Submission.CaseId);
        Assert.Equal('5', first.CaseId[14]);
    }

    [Fact]
    public void A_session_indexes_its_group_by_the_groups_derived_case_id_and_a_cleared_reference_removes_the_index()
    {
        var group = Build(SalesforcePayloads.TrainingGroup(3)).Submission;
        var (_, xml) = Build(SalesforcePayloads.TrainingSession(1, group: 3));

        var parent = xml.Descendants(Case + "index").Single().Element(Case + "parent")!;
        Assert.Equal("training_group", (string?)parent.Attribute("case_type"));
        Assert.Null(parent.Attribute("relationship"));
        Assert.Equal(group.CaseId, parent.Value);

        var trainer = Build(SalesforcePayloads.TrainingGroup(3)).Xml.Descendants(Case + "trainer").Single();
        Assert.Equal("extension", (string?)trainer.Attribute("relationship"));
        Assert.Equal(DeterministicUuid.CaseId(SalesforcePayloads.Id("a0R", 1)), trainer.Value);

        var cleared = SalesforcePayloads.TrainingSession(1);
        cleared["Training_Group__c"] = null;
        Assert.Equal("", Build(cleared).Xml.Descendants(Case + "parent").Single().Value);
        var absent = SalesforcePayloads.TrainingSession(1);
        absent.Remove("Training_Group__c");
        Assert.Empty(Build(absent).Xml.Descendants(Case + "index"));
    }

    [Fact]
    public void Markup_characters_are_escaped_and_control_characters_dropped_never_breaking_the_xml()
    {
        var record = SalesforcePayloads.Participant(1);
        record["Name"] = "Tom & \"Jerry\" <script>";
        record["First_Name__c"] = "A<b>&amp;\u0001 😀";
        record["Last_Name__c"] = "]]> end";

        var (submission, xml) = Build(record);

        Assert.Equal("Tom & \"Jerry\" <script>", xml.Descendants(Case + "case_name").Single().Value);
        Assert.Equal("A<b>&amp; 😀", xml.Descendants(Case + "first_name").Single().Value);
        Assert.Equal("]]> end", xml.Descendants(Case + "last_name").Single().Value);
        Assert.Contains("Tom &amp; \"Jerry\" &lt;script&gt;", submission.Xml);
        Assert.DoesNotContain("<script>", submission.Xml);
    }

    [Fact]
    public void Missing_fields_are_left_alone_null_fields_are_cleared_and_the_owner_can_come_from_a_field()
    {
        var record = SalesforcePayloads.Participant(1);
        record.Remove("Gender__c");
        record["Phone_Number__c"] = null;
        var update = Build(record).Xml.Descendants(Case + "update").Single();
        Assert.Null(update.Element(Case + "gender"));
        Assert.Equal("", update.Element(Case + "phone_number")!.Value);

        Assert.Equal("9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b", Build(SalesforcePayloads.ProjectRole(1)).Xml.Descendants(Case + "owner_id").Single().Value);
        Assert.Equal(SalesforcePayloads.OwnerId, Build(SalesforcePayloads.ProjectRole(2, commCareUserId: null)).Xml.Descendants(Case + "owner_id").Single().Value);
    }

    [Fact]
    public void Without_last_modified_date_the_build_time_is_date_modified_and_without_user_id_no_user_id_attribute()
    {
        var record = SalesforcePayloads.HouseholdSampling(1);
        record.Remove("LastModifiedDate");

        var block = Build(record, userId: null).Xml.Descendants(Case + "case").Single();

        Assert.Equal("2026-03-05T08:00:00.000000Z", (string?)block.Attribute("date_modified"));
        Assert.Null(block.Attribute("user_id"));
        Assert.Equal("true", block.Descendants(Case + "selected").Single().Value);
    }

    [Fact]
    public void A_reference_that_is_no_salesforce_id_and_an_owner_nowhere_fail_with_the_reason()
    {
        var session = SalesforcePayloads.TrainingSession(1);
        session["Training_Group__c"] = "TG-01";
        var badReference = Assert.Throws<FormatException>(() => Build(session));
        Assert.Contains("Training_Group__c holds 'TG-01', not a Salesforce record id", badReference.Message);

        var mappings = CaseMappings.Parse("""{"Project_Role__c": {"caseType": "project_role", "caseName": "Name", "ownerField": "CommCare_User_Id__c"}}""").Mappings!;
        var role = SalesforceRecord.From(SalesforcePayloads.ProjectRole(1, commCareUserId: ""));
        var noOwner = Assert.Throws<FormatException>(() => CaseXForm.Build(mappings.For("Project_Role__c")!, role, null, Instance, Now));
        Assert.Contains("has no owner: its CommCare_User_Id__c is empty", noOwner.Message);
    }
}
