using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HaTools.Core.Checks.Http;

/// <summary>
/// keepalived's global <c>SSL { password ca certificate key }</c> block for SSL_GET. keepalived loads the CA
/// file but never asks OpenSSL to verify the server (no SSL_VERIFY_PEER), so the server certificate is
/// accepted whatever it is; the client certificate and key are presented to servers that ask for one.
/// A file that cannot be loaded is a configuration error (keepalived refuses to start), raised by <see cref="Load"/>.
/// </summary>
public sealed record TlsClientSettings
{
    public string? CaFile { get; init; }

    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>Password of an encrypted key file. Never shown (ToString masks it).</summary>
    public string? Password { get; init; }

    public bool IsEmpty => CaFile is null && CertificateFile is null && KeyFile is null;

    /// <summary>Loads the files once (a checker reuses the result for every handshake).</summary>
    public LoadedTlsClientSettings Load()
    {
        X509Certificate2Collection? ca = null;
        if (CaFile != null)
        {
            ca = new X509Certificate2Collection();
            try
            {
                ca.ImportFromPemFile(CaFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new HaToolsException("SslCaFileInvalid", HaToolsErrorKind.InvalidData, $"SSL ca '{CaFile}' cannot be loaded: {ex.Message}", CaFile, ex);
            }
            if (ca.Count == 0)
                throw new HaToolsException("SslCaFileInvalid", HaToolsErrorKind.InvalidData, $"SSL ca '{CaFile}' holds no PEM certificate.", CaFile);
        }

        X509Certificate2? client = null;
        if (CertificateFile != null || KeyFile != null)
        {
            if (CertificateFile is null)
                throw new HaToolsException("SslCertificateMissing", HaToolsErrorKind.InvalidArgument, "SSL key is set without certificate.", KeyFile);
            try
            {
                // Without 'key', the certificate file must hold the key too (a combined PEM).
                var key = KeyFile ?? CertificateFile;
                using var pem = Password is null
                    ? X509Certificate2.CreateFromPemFile(CertificateFile, key)
                    : X509Certificate2.CreateFromEncryptedPemFile(CertificateFile, Password, key);
                // Re-import so the key is usable by the TLS stack on every platform (ephemeral PEM keys are not).
                client = new X509Certificate2(pem.Export(X509ContentType.Pkcs12), (string?)null, X509KeyStorageFlags.Exportable);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new HaToolsException("SslCertificateInvalid", HaToolsErrorKind.InvalidData,
                    $"SSL certificate '{CertificateFile}' with key '{KeyFile ?? CertificateFile}' cannot be loaded: {ex.Message}", CertificateFile, ex);
            }
        }
        return new LoadedTlsClientSettings(this, ca, client);
    }

    public override string ToString() => $"SSL {{ ca {CaFile ?? "-"} certificate {CertificateFile ?? "-"} key {KeyFile ?? "-"}{(Password is null ? "" : " password ****")} }}";
}

/// <summary>The loaded form of <see cref="TlsClientSettings"/>: the CA certificates and the client certificate with its key.</summary>
public sealed record LoadedTlsClientSettings(TlsClientSettings Source, X509Certificate2Collection? CaCertificates, X509Certificate2? ClientCertificate);
