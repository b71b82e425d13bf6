using BridgePortal.Connectors.AtHoc;
using BridgePortal.Identity;

namespace BridgePortal.Connectors.AtHoc.Mappings;

/// <summary>"Sync now": a failed sync shows its message; the counts and rows reload either way.</summary>
public sealed partial class MappingsPage
{
    private async Task SyncAsync(Guid id)
    {
        busy = true;
        failure = null;
        try
        {
            var state = await Mappings.SyncNowAsync(actor, id, CancellationToken.None);
            if (state.LastStatus == AtHocSyncStatus.Failed)
            {
                failure = state.LastMessage;
            }
        }
        catch (AccessDeniedException e)
        {
            failure = e.Message;
        }
        finally
        {
            busy = false;
        }

        tables = await Mappings.TablesAsync(actor, CancellationToken.None);
        selected = id;
        await LoadRowsAsync();
    }
}
