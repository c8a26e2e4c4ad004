using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// The loopback servers the checker talks to, run in a SEPARATE process so the checker's CPU figure is
/// the checker's alone. Prints "ports TCP HTTP FLAP"; on stdin "down"/"up" closes/reopens the flap port.
/// </summary>
static class Acceptor
{
    public static int Run()
    {
        var tcp = Listen(0);
        var http = Listen(0);
        var flapPort = 0;
        var flap = Listen(0);
        flapPort = ((IPEndPoint)flap.LocalEndPoint!).Port;
        StartAcceptLoop(tcp, serveHttp: false);
        StartAcceptLoop(http, serveHttp: true);
        StartAcceptLoop(flap, serveHttp: false);
        Console.WriteLine($"ports {((IPEndPoint)tcp.LocalEndPoint!).Port} {((IPEndPoint)http.LocalEndPoint!).Port} {flapPort}");
        Console.Out.Flush();
        string? line;
        while ((line = Console.ReadLine()) != null)
        {
            if (line == "down")
            {
                flap.Dispose();
                // The accept thread may still hold the listener a moment: answer only once connects are refused.
                while (true)
                {
                    using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try { probe.Connect(IPAddress.Loopback, flapPort); } catch (SocketException) { break; }
                    Thread.Sleep(1);
                }
            }
            else if (line == "up")
            {
                flap = Listen(flapPort);
                StartAcceptLoop(flap, serveHttp: false);
            }
            Console.WriteLine("ok " + line);
            Console.Out.Flush();
        }
        return 0;
    }

    private static Socket Listen(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        s.Bind(new IPEndPoint(IPAddress.Loopback, port));
        s.Listen(4096);
        return s;
    }

    private static readonly byte[] Response = BuildResponse();

    private static byte[] BuildResponse()
    {
        var body = new byte[1024];
        new Random(1).NextBytes(body);
        return Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\n\r\n").Concat(body).ToArray();
    }

    private static void StartAcceptLoop(Socket listener, bool serveHttp)
    {
        var t = new Thread(() =>
        {
            var buf = new byte[4096];
            while (true)
            {
                Socket c;
                try { c = listener.Accept(); } catch { return; }
                if (!serveHttp)
                {
                    c.Dispose();
                    continue;
                }
                // One short exchange per connection, inline: the checker sends a tiny request and waits.
                try
                {
                    c.ReceiveTimeout = 2000;
                    c.Receive(buf);
                    c.Send(Response);
                    c.Shutdown(SocketShutdown.Send);
                }
                catch { }
                c.Dispose();
            }
        }) { IsBackground = true };
        t.Start();
    }
}
