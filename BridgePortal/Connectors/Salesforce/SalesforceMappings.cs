using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// The bridge page's Salesforce part: read and save a bridge's mappings (validated, audited), preview them against a
/// sample form, list the unrouted form types and retry their records once a mapping routes them.
/// </summary>
public sealed class SalesforceMappings(BridgeDbContext db, BridgeService bridges, RecordService records, AuditLog audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<string> MappingJsonAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await bridges.GetAsync(actor, bridgeId, cancellationToken);
        return SettingsJson.Read(bridge.SinkSettingsJson).GetValueOrDefault(SalesforceSettings.Mappings) ?? "";
    }

    /// <summary>Saves the mappings into the bridge's sink settings; returns the validation error, or null when saved.</summary>
    public async Task<string?> SaveAsync(Actor actor, Guid bridgeId, string json, CancellationToken cancellationToken)
    {
        var bridge = await db.Bridges.FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken);
        if (bridge is null || !actor.CanChange(bridge.OwnerId) || bridge.SinkKind != SalesforceSink.SinkKind)
        {
            throw new AccessDeniedException("No such Salesforce bridge, or you may not change it.");
        }

        if (SalesforceMapping.Validate(json) is { } error)
        {
            return error;
        }

        var settings = SettingsJson.Read(bridge.SinkSettingsJson);
        settings[SalesforceSettings.Mappings] = json.Trim();
        bridge.SinkSettingsJson = SettingsJson.Write(settings);
        bridge.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        var types = SalesforceMapping.Parse(json).FormTypes;
        await audit.WriteAsync(actor.User, "bridge.salesforce-mapping", "Bridge", bridgeId.ToString(), bridgeId,
            $"'{bridge.Name}': {types.Count} form type(s): {string.Join(", ", types)}", cancellationToken);
        return null;
    }

    /// <summary>The records <paramref name="mappingJson"/> would make of <paramref name="sampleJson"/> (nothing is sent).</summary>
    public static MappingPreview Preview(string? mappingJson, string? sampleJson)
    {
        SalesforceMapping mapping;
        try
        {
            mapping = SalesforceMapping.Parse(mappingJson);
        }
        catch (SalesforceMappingException e)
        {
            return new(null, [], e.Message);
        }

        if (string.IsNullOrWhiteSpace(sampleJson))
        {
            return new(null, [], "Paste a sample form (CommCare's forwarded JSON), or load the latest one received.");
        }

        try
        {
            var mapped = SalesforceMapper.Map(mapping, sampleJson);
            return mapped.Steps is null
                ? new(mapped.FormType, [], SalesforceMapper.UnroutedMessage(mapped.FormType) + ": the form would be stored as unrouted.")
                : new(mapped.FormType, mapped.Steps, null);
        }
        catch (Exception e) when (e is SalesforceMappingException or FormatException)
        {
            return new(null, [], e.Message);
        }
    }

    public static string Pretty(JsonNode node) => node.ToJsonString(Indented);

    /// <summary>The latest form the bridge received (optionally of one form type), as a preview sample.</summary>
    public async Task<string?> LatestSampleAsync(Actor actor, Guid bridgeId, string? formType, CancellationToken cancellationToken)
    {
        await bridges.GetAsync(actor, bridgeId, cancellationToken);
        var query = db.Records.AsNoTracking().Where(r => r.BridgeId == bridgeId && r.Payload != null);
        if (!string.IsNullOrWhiteSpace(formType))
        {
            query = query.Where(r => r.Module == formType);
        }

        var payload = await query.OrderByDescending(r => r.Id).Select(r => r.Payload).FirstOrDefaultAsync(cancellationToken);
        return payload is null ? null : Pretty(JsonNode.Parse(payload)!);
    }

    /// <summary>Form types whose records failed as unrouted (Failed or DeadLettered), with counts.</summary>
    public async Task<IReadOnlyList<UnroutedFormType>> UnroutedAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await bridges.GetAsync(actor, bridgeId, cancellationToken);
        var mapping = MappingOf(bridge);
        var groups = await Unrouted(bridgeId).GroupBy(r => r.LastError).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return [.. groups.Select(g => (Type: FormTypeOf(g.Key), g.Count))
            .GroupBy(g => g.Type).Select(g => new UnroutedFormType(g.Key, g.Sum(x => x.Count), mapping?.Steps(g.Key) is not null))
            .OrderByDescending(u => u.Count).ThenBy(u => u.FormType, StringComparer.Ordinal)];
    }

    /// <summary>Makes the unrouted records whose form type a mapping now routes Pending again (audited); returns how many.</summary>
    public async Task<int> RetryUnroutedAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await bridges.GetAsync(actor, bridgeId, cancellationToken);
        var mapping = MappingOf(bridge);
        if (mapping is null)
        {
            return 0;
        }

        var rows = await Unrouted(bridgeId).Select(r => new { r.Id, r.LastError }).ToListAsync(cancellationToken);
        var ids = rows.Where(r => mapping.Steps(FormTypeOf(r.LastError)) is not null).Select(r => r.Id).ToList();
        return ids.Count == 0 ? 0 : await records.RetryAsync(actor, ids, cancellationToken);
    }

    private IQueryable<Record> Unrouted(Guid bridgeId) =>
        db.Records.AsNoTracking().Where(r => r.BridgeId == bridgeId && RecordService.FailedStatuses.Contains(r.Status)
            && r.LastError != null && r.LastError.StartsWith(SalesforceMapper.UnroutedPrefix));

    private static SalesforceMapping? MappingOf(Bridge bridge)
    {
        try
        {
            return SalesforceMapping.Parse(SettingsJson.Read(bridge.SinkSettingsJson).GetValueOrDefault(SalesforceSettings.Mappings));
        }
        catch (SalesforceMappingException)
        {
            return null;
        }
    }

    // "Unrouted: no mapping for form type 'X'" → X
    private static string FormTypeOf(string? error)
    {
        var text = error ?? "";
        var start = text.IndexOf('\'', StringComparison.Ordinal);
        var end = text.LastIndexOf('\'');
        return start >= 0 && end > start ? text[(start + 1)..end] : text;
    }
}
