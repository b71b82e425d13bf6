using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.CommCare;
using BridgePortal.Tests.Connectors.Salesforce;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>An operator edits a CommCare → Salesforce bridge's mappings on its page, previews them on a sample, saves, and sees a forwarded form delivered.</summary>
public sealed class SalesforceMappingJourneyTests
{
    private const string OperatorEmail = "salesforce-operator@example.org";
    private static readonly LocatorAssertionsToHaveTextOptions EngineTimeout = new() { Timeout = 30_000 };

    [SkippableFact]
    public async Task An_operator_edits_a_mapping_previews_it_against_a_sample_saves_it_and_sees_a_forwarded_form_delivered()
    {
        await using var salesforce = await FakeSalesforce.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, OperatorEmail);
        var bridge = await SalesforceBridges.CreateAsync(host, salesforce, "", owner: owner);

        var page = await browser.NewPageAsync(host.Address);
        try
        {
            await Journeys.LogInAsync(page, host, OperatorEmail);

            await page.GotoAsync($"/bridges/{bridge.Id}");
            await BrowserSession.WaitForCircuitAsync(page);
            var mapping = TextArea(page, "sf-mapping-json");
            var sample = TextArea(page, "sf-sample-json");

            // A broken mapping is refused with the reason, and nothing is saved.
            await mapping.FillAsync("{\"" + CommCarePayloads.FarmerRegistration + "\": []}");
            await page.ClickAsync("[data-testid=sf-save]");
            await Assertions.Expect(page.Locator("[data-testid=sf-mapping-editor]")).ToContainTextAsync("the value is a non-empty list of steps");

            await mapping.FillAsync(SalesforceMappingsFixture.FarmerRegistration);
            await sample.FillAsync(CommCarePayloads.FarmerRegistrationForm(1, "Amina Uwase").ToJsonString());
            await page.ClickAsync("[data-testid=sf-preview]");
            await Assertions.Expect(page.Locator("[data-testid=sf-preview-step-household]")).ToContainTextAsync("upsert Household__c by Household_Ext_Id__c = HH-000001");
            await Assertions.Expect(page.Locator("[data-testid=sf-preview-step-participant]")).ToContainTextAsync("\"Household_Ext_Id__c\": \"HH-000001\"");
            await Assertions.Expect(page.Locator("[data-testid=sf-preview-step-participant]")).ToContainTextAsync("\"Name\": \"Amina Uwase\"");
            await BrowserSession.ScreenshotAsync(page, "60-salesforce-mapping-preview");

            await page.ClickAsync("[data-testid=sf-save]");
            await Assertions.Expect(page.Locator("[data-testid=sf-message]")).ToHaveTextAsync("Mappings saved.");

            using var http = new HttpClient { BaseAddress = host.Address };
            var form = CommCarePayloads.FarmerRegistrationForm(1, "Amina Uwase");
            await SalesforceBridges.ForwardAsync(http, bridge.Key, form);
            var id = form["id"]!.GetValue<string>();
            await Assertions.Expect(page.Locator($"[data-testid='record-status-{id}']")).ToHaveTextAsync("Delivered", EngineTimeout);
            await BrowserSession.ScreenshotAsync(page, "61-salesforce-form-delivered");

            Assert.Equal("Amina Uwase", salesforce.Find("Participant__c", "FR-000001")!["Name"]);
            Assert.Equal(salesforce.Find("Household__c", "HH-000001")!.Id, salesforce.Find("Participant__c", "FR-000001")!["Household__c"]);
            Assert.Equal(RecordStatus.Delivered, (await host.RecordsAsync(bridge.Id)).Single().Status);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            await BrowserSession.ScreenshotAsync(page, "69-salesforce-journey-failure");
            throw;
        }
    }

    private static ILocator TextArea(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] textarea").Or(page.Locator($"textarea[data-testid={testId}]")).First;
}
