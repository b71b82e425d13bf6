using BridgePortal.Api;
using BridgePortal.Connectors.AtHoc;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.CsvDrop;
using BridgePortal.Connectors.EventHubs;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Connectors.Webhooks;
using BridgePortal.Components;
using BridgePortal.Data;
using BridgePortal.Engine;
using BridgePortal.Identity;
using BridgePortal.Jobs;
using BridgePortal.Monitoring;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.AddBridgeLogging();
builder.AddBridgeStorage();
builder.AddBridgeIdentity();
builder.AddBridgeJobs();
builder.AddSyncEngine();
builder.AddKoboConnector();
builder.AddEventHubsConnector();
builder.AddWebhooksConnector();
builder.AddAtHocConnector();
builder.AddCsvDropConnector();
builder.AddSalesforceConnector();
builder.AddCommCareConnector();
builder.AddBridgeHealthChecks();
builder.AddBridgePortalUi();

var app = builder.Build();

await app.InitializeBridgeStorageAsync();
await app.SeedBridgeIdentityAsync();

app.UseBridgePortalPipeline();
app.MapBridgeHealth();
app.MapBridgeJobsDashboard();
app.MapIngestApi();
app.MapHooks();
app.MapBridgePortal();

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' host.</summary>
public partial class Program;
