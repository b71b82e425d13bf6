using BridgePortal.Alerts;
using BridgePortal.Api;
using BridgePortal.Api.V1;
using BridgePortal.Bridges;
using BridgePortal.Connectors.Abstractions;
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
builder.AddBridges();
builder.AddConnectors();
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
