console.log(`node ${process.version.split(".")[0]} says hi`);
