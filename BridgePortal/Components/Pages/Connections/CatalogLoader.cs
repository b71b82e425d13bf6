using BridgePortal.Connectors;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Identity;

namespace BridgePortal.Components.Pages.Connections;

/// <summary>
/// Reads a connection's catalog for a page or dialog: within a time limit, and with every failure (refused token,
/// unreachable server, no answer) turned into a message instead of an exception that would end the circuit.
/// </summary>
public static class CatalogLoader
{
    /// <summary>How long the remote system may take to list everything.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <param name="what">What the items are called, in lower case (e.g. "projects").</param>
    /// <param name="closed">Cancelled when the caller goes away; the call then ends without a message.</param>
    public static async Task<(IReadOnlyList<CatalogItem>? Items, string? Failure)> LoadAsync(
        ConnectionService connections, Actor actor, Guid connectionId, string what, CancellationToken closed)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(closed);
        timeout.CancelAfter(Timeout);
        try
        {
            return (await connections.CatalogAsync(actor, connectionId, timeout.Token), null);
        }
        catch (OperationCanceledException) when (!closed.IsCancellationRequested)
        {
            return (null, $"Could not list {what}: no answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (AccessDeniedException e)
        {
            return (null, e.Message);
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e))
        {
            return (null, $"Could not list {what}: no answer from the server ({ErrorSentences.Reason(e)}). Check the connection's server address.");
        }
        catch (InvalidOperationException e)
        {
            // The catalogs throw this with a sentence of their own (ErrorSentences' wording).
            return (null, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else stays on the page without its details (a type name tells an operator nothing).
            return (null, $"Could not list {what}: the server's answer could not be read. Check the connection's server address.");
        }
    }
}
