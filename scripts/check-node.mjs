// Plain JavaScript on purpose: it must run, and explain itself, on the old Node it rejects.
var major = Number(process.versions.node.split(".")[0]);
if (!(major >= 24)) {
  console.error(
    "burden-watch needs Node.js 24 or newer; you have v" +
      process.versions.node +
      ". Install Node 24 (nvm install 24, or see .nvmrc)",
  );
  process.exit(1);
}
