using BridgePortal.Alerts;
using BridgePortal.Api;
using BridgePortal.Api.V1;
using BridgePortal.Connectors.AtHoc;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.CsvDrop;
using BridgePortal.Connectors.EventHubs;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Connectors.SalesforceToCommCare;
using BridgePortal.Connectors.Sheets;
using BridgePortal.Connectors.StandardWebhooks;
using BridgePortal.Connectors.Taiga;
using BridgePortal.Components;
using BridgePortal.Data;
using BridgePortal.Engine;
using BridgePortal.Identity;
using BridgePortal.Engine.Jobs;
using BridgePortal.Monitoring;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.AddBridgeLogging();
builder.AddBridgeStorage();
builder.AddBridgeIdentity();
builder.AddBridgeJobs();
builder.AddSyncEngine();
builder.AddIngestConnector();
builder.AddHttpConnector();
builder.AddPostgreSqlConnector();
builder.AddKoboConnector();
builder.AddEventHubsConnector();
builder.AddTaigaConnector();
builder.AddSheetsConnector();
builder.AddStandardWebhooksConnector();
builder.AddGitHubConnector();
builder.AddAtHocConnector();
builder.AddCsvDropConnector();
builder.AddSalesforceConnector();
builder.AddCommCareConnector();
builder.AddSalesforceToCommCare();
builder.AddBridgeHealthChecks();
builder.AddManagementApi();
builder.AddApiErrors();
builder.AddBridgeTelemetry();
builder.AddBridgeAlerts();
builder.AddBridgePortalUi();

var app = builder.Build();

await app.InitializeBridgeStorageAsync();
await app.SeedBridgeIdentityAsync();

app.UseApiErrors();
app.UseBridgePortalPipeline();
app.MapBridgeHealth();
app.MapBridgeMetrics();
app.MapBridgeJobsDashboard();
app.MapIngestApi();
app.MapHooks();
app.MapManagementApi();
app.MapBridgePortal();

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' host.</summary>
public partial class Program;
