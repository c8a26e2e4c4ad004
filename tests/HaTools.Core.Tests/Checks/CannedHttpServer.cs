using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaTools.Core.Tests.Checks;

/// <summary>
/// A loopback TCP server for HTTP tests that answers each path with exact bytes (or a behaviour: slow,
/// endless, reset), so both genhash and our client see the very same response. Records each request.
/// </summary>
public sealed class CannedHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Func<NetworkStream, Socket, CancellationToken, Task>> _routes = new();
    private readonly Task _loop;

    public CannedHttpServer(IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start(256);
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Requests { get; } = new();

    public int OpenConnections => _open;

    private int _open;

    public void Bytes(string path, byte[] response) => _routes[path] = async (s, _, ct) => await s.WriteAsync(response, ct);

    public void Text(string path, string response) => Bytes(path, Encoding.Latin1.GetBytes(response));

    public void Behaviour(string path, Func<NetworkStream, Socket, CancellationToken, Task> behaviour) => _routes[path] = behaviour;

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(Socket client)
    {
        Interlocked.Increment(ref _open);
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: true);
            var buf = new byte[8192];
            var len = 0;
            while (len < buf.Length)
            {
                var n = await stream.ReadAsync(buf.AsMemory(len), _stop.Token);
                if (n == 0) return;
                len += n;
                if (buf.AsSpan(0, len).IndexOf("\r\n\r\n"u8) >= 0) break;
            }
            var request = Encoding.Latin1.GetString(buf, 0, len);
            Requests.Enqueue(request);
            var path = request.Split(' ').ElementAtOrDefault(1) ?? "/";
            if (_routes.TryGetValue(path, out var route))
                await route(stream, client, _stop.Token);
            else
                await stream.WriteAsync("HTTP/1.0 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"u8.ToArray(), _stop.Token);
            client.Shutdown(SocketShutdown.Send);
        }
        catch
        {
            // The client went away or the test stopped the server: nothing to report here.
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(2000); } catch { }
    }
}
