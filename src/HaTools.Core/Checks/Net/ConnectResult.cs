using System.Net.Sockets;

namespace HaTools.Core.Checks.Net;

/// <summary>A connected socket (the caller owns it) or why there is none.</summary>
public readonly record struct ConnectResult(Socket? Socket, ConnectFailure Failure, string Reason);
