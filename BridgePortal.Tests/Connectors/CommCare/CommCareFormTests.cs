using System.Text.Json.Nodes;
using BridgePortal.Connectors.CommCare;

namespace BridgePortal.Tests.Connectors.CommCare;

public sealed class CommCareFormTests
{
    [Fact]
    public void A_forwarded_form_gives_its_id_type_name_receipt_time_and_case_ids()
    {
        var form = CommCareForm.Parse(CommCarePayloads.FarmerRegistrationForm(7).ToJsonString());

        Assert.Equal("f0a1b2c3-0000-4000-8000-000000000007", form.Id);
        Assert.Equal(CommCarePayloads.FarmerRegistration, form.FormType);
        Assert.Equal("Farmer Registration", form.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 15, 0, TimeSpan.Zero), form.ReceivedOn);
        Assert.Equal(["c5e000000007-aaaa-4bbb-8ccc-000000000000"], form.CaseIds);
        Assert.Equal("FR-000007", form.Fields["farmer_id"]!.GetValue<string>());
    }

    [Fact]
    public void Without_id_the_instance_id_names_the_form_and_without_xmlns_its_name_is_the_type()
    {
        var root = CommCarePayloads.Form("inst-1", "x", "Attendance", new JsonObject
        {
            ["attendees"] = new JsonArray(
                new JsonObject { ["case"] = new JsonObject { ["@case_id"] = "p-1" } },
                new JsonObject { ["case"] = new JsonObject { ["@case_id"] = "p-2" } }),
        });
        root.Remove("id");
        ((JsonObject)root["form"]!).Remove("@xmlns");

        var form = CommCareForm.Parse(root);

        Assert.Equal("inst-1", form.Id);
        Assert.Equal("Attendance", form.FormType);
        Assert.Equal(["p-1", "p-2"], form.CaseIds);
    }

    [Theory]
    [InlineData("[1,2]", "is a JSON object")]
    [InlineData("{\"id\":\"x\"", "Malformed JSON")]
    [InlineData("{\"id\":\"x\",\"form\":[]}", "has a 'form' object")]
    [InlineData("{\"form\":{\"@xmlns\":\"x\",\"meta\":{}}}", "neither an 'id' nor")]
    public void What_is_not_a_form_is_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => CommCareForm.Parse(json));
        Assert.Contains(reason, error.Message);
    }
}
