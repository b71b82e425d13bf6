using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace BridgePortal.Api;

/// <summary>
/// A request body read once into one buffer rented from the shared pool, so a 25 MB push costs one 25 MB buffer that
/// signature checks and the JSON parse read in place. Dispose returns the buffer: nothing may keep <see cref="Memory"/>.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int FirstChunk = 64 * 1024;

    private byte[]? buffer;
    private int length;

    private RequestBody(byte[] buffer) => this.buffer = buffer;

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes (then it is not read further).</summary>
    public static async Task<RequestBody?> ReadLimitedAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // This endpoint enforces its own limit; Kestrel's global one (30 MB) would otherwise refuse larger bridge limits
        // with its own message. The margin lets our check, not Kestrel's, see the first byte past the limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + FirstChunk;
        }

        var body = new RequestBody(ArrayPool<byte>.Shared.Rent((int)Math.Max(16, request.ContentLength ?? Math.Min(FirstChunk, limit + 1))));
        try
        {
            return await body.FillAsync(request.Body, limit, cancellationToken) ? body : Discard(body);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            // Kestrel reports some malformed bodies (a chunk size that overflows) as a plain IOException: still the client's fault.
            body.Dispose();
            throw new BadHttpRequestException($"The request body could not be read ({e.Message}).", StatusCodes.Status400BadRequest, e);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private static RequestBody? Discard(RequestBody body)
    {
        body.Dispose();
        return null;
    }

    /// <summary>Reads to the end; false as soon as more than <paramref name="limit"/> bytes arrived.</summary>
    private async Task<bool> FillAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (length == buffer!.Length)
            {
                if (length > limit)
                {
                    return false;
                }

                Grow((int)Math.Min((long)buffer.Length * 2, limit + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return length <= limit;
            }

            length += read;
            if (length > limit)
            {
                return false;
            }
        }
    }

    private void Grow(int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer!);
        buffer = larger;
    }
}
