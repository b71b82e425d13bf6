using BridgePortal.Connectors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>Creates or edits a bridge: source and its settings, sink with connection and settings, mapping and retries.</summary>
public sealed partial class BridgeDialog
{
    private Actor actor = default!;
    private bool loading = true;
    private bool saving;
    private string? failure;
    private string name = "";
    private string sourceKind = "";
    private Guid? sourceConnectionId;
    private Dictionary<string, string> sourceSettings = [];
    private Dictionary<string, string> sourceSecrets = [];
    private IReadOnlyCollection<string> sourceSecretsSet = [];
    private string? storedSourceKind;
    private IReadOnlyCollection<string> storedSourceSecretsSet = [];
    private string sinkKind = "";
    private Guid? sinkConnectionId;
    private Dictionary<string, string> sinkSettings = [];
    private string? mappingJson;
    private int maxRetries = 3;
    private SinkProtectionFields.SinkProtectionForm protection = new();
    private IReadOnlyList<ConnectionView> sourceConnections = [];
    private IReadOnlyList<ConnectionView> sinkConnections = [];
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The bridge to edit; null to create one.</summary>
    [Parameter]
    public Guid? BridgeId { get; set; }

    private SourceKind? Source => Registry.FindSource(sourceKind);

    private ISink? Sink => Registry.HasSink(sinkKind) ? Registry.Sink(sinkKind) : null;

    private bool HasError(string field) => errors.ContainsKey(field);
}
