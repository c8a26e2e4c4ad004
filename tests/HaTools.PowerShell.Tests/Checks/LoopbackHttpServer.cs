using System.Net;
using System.Net.Sockets;

namespace HaTools.PowerShell.Tests.Checks;

/// <summary>Answers every connection on loopback with the same bytes; records the last request.</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttpServer(byte[] response)
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket c;
                try { c = await _listener.AcceptSocketAsync(_stop.Token); } catch { return; }
                _ = Task.Run(async () =>
                {
                    using var s = new NetworkStream(c, true);
                    var buf = new byte[4096];
                    var len = 0;
                    try
                    {
                        while (len < buf.Length && buf.AsSpan(0, len).IndexOf("\r\n\r\n"u8) < 0)
                        {
                            var n = await s.ReadAsync(buf.AsMemory(len));
                            if (n == 0) return;
                            len += n;
                        }
                        LastRequest = System.Text.Encoding.ASCII.GetString(buf, 0, len);
                        await s.WriteAsync(response);
                    }
                    catch { }
                });
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string? LastRequest { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
